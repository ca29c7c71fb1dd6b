import type { Deps, TollgateApp } from 'tollgate';
import { config } from '../tollgate.config.ts';
import { tollgate } from './engine.ts';
import { configurePortal } from './portal.ts';

export interface Billing {
  deps: Deps;
  /** Tollgate's HTTP API (mounted at /api/v1/billing by a route handler). */
  app: TollgateApp;
  /** Stripe's webhook, verified with STRIPE_WEBHOOK_SECRET. */
  webhook: (request: Request) => Promise<Response>;
}

async function start(): Promise<Billing> {
  const { connect, createApp, createIds, createLogger, createStripeClient, createWebhookHandler, migrate, pushConfig, systemClock, validateConfig } =
    await tollgate();
  const key = process.env.STRIPE_SECRET_KEY;
  if (!key) throw new Error('set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new Error('set STRIPE_WEBHOOK_SECRET (the signing secret of the webhook endpoint at /api/webhooks/stripe)');
  const validated = validateConfig(config);
  if (!validated.ok) throw new Error(validated.error.map((e) => e.message).join('\n'));
  const database = await connect({ url: process.env.DATABASE_URL });
  await migrate(database.db);
  const deps: Deps = {
    config: validated.value,
    db: database.db,
    stripe: createStripeClient({ apiKey: key, baseUrl: process.env.STRIPE_API_BASE }),
    clock: systemClock,
    ids: createIds(systemClock),
    log: createLogger(),
  };
  // Plans as code: Stripe made to match the config (idempotent, as `tollgate push --yes`).
  const pushed = await pushConfig(deps, { apply: true });
  if (!pushed.ok) throw new Error(pushed.error.message);
  await configurePortal(deps);
  return { deps, app: createApp({ deps }), webhook: createWebhookHandler(deps, { secret }) };
}

const holder = globalThis as { chatbotBilling?: Promise<Billing> };

/** The one engine of this server process, started on first use (never at build time). */
export function billing(): Promise<Billing> {
  holder.chatbotBilling ??= start().catch((e: unknown) => {
    holder.chatbotBilling = undefined;
    throw e;
  });
  return holder.chatbotBilling;
}

import { serve } from '@hono/node-server';
import { connect, createIds, createLogger, createStripeClient, type Deps, migrate, pushConfig, systemClock, validateConfig } from 'tollgate';
import { createSaasApp } from './app.ts';
import { config } from './tollgate.config.ts';

// Run: STRIPE_SECRET_KEY=sk_test_... STRIPE_WEBHOOK_SECRET=whsec_... [STRIPE_API_BASE=http://127.0.0.1:12111] [DATABASE_URL=postgres://...] npx tsx --conditions=tollgate-source examples/hono-saas/main.ts
const key = process.env.STRIPE_SECRET_KEY;
if (!key) throw new Error('set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
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
// Plans as code: make Stripe match the config (idempotent; `tollgate push --yes` does the same).
const pushed = await pushConfig(deps, { apply: true });
if (!pushed.ok) throw new Error(pushed.error.message);

const port = Number(process.env.PORT) || 3000;
const app = createSaasApp(deps, {
  appUrl: `http://localhost:${port}`,
  // Stand-in for the app's own sign-in: the user id comes from a header here.
  userOf: (request) => request.headers.get('x-user-id') ?? undefined,
  webhookSecret: () => process.env.STRIPE_WEBHOOK_SECRET,
});
serve({ fetch: app.fetch, port }, (info) => console.log(`example app on http://localhost:${info.port}`));

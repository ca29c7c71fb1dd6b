import { Hono } from 'hono';
import { createWebhookHandler, type Deps } from 'tollgate';
import type { Accounts } from './accounts.ts';
import { paymentRoutes, type PriceSettings } from './routes.ts';

export interface AgencyOsOptions {
  accounts: Accounts;
  /** STRIPE_WEBHOOK_SECRET, read on each delivery. */
  webhookSecret: () => string | undefined;
  /** STRIPE_PRICE_SOLO / _TEAM / _ENTERPRISE, when the deployment names its prices (optional). */
  prices?: PriceSettings;
}

/**
 * Agency OS's payments API: Stripe's webhook at `POST /payments/stripe/webhook`
 * (signed by Stripe: a wrong STRIPE_WEBHOOK_SECRET is a 400 that says so), and
 * the member and operator routes beside it.
 */
export function createAgencyOsApp(deps: Deps, options: AgencyOsOptions): Hono {
  const app = new Hono();
  let webhook: { secret: string; handle: (request: Request) => Promise<Response> } | undefined;
  app.post('/payments/stripe/webhook', (c) => {
    const secret = options.webhookSecret();
    if (!secret) return c.json({ error: { code: 'stripe_unavailable', message: 'STRIPE_WEBHOOK_SECRET is not set on this server' } }, 503);
    if (webhook?.secret !== secret) webhook = { secret, handle: createWebhookHandler(deps, { secret }) };
    return webhook.handle(c.req.raw);
  });
  // Registered after the webhook: the member routes' sign-in runs only for what the webhook route did not answer.
  app.route('/payments/stripe', paymentRoutes(deps, options.accounts, options.prices));
  return app;
}

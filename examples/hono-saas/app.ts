import { Hono } from 'hono';
import { createWebhookHandler, type Deps } from 'tollgate';
import { billingRoutes } from './billing-routes.ts';

export interface SaasAppOptions {
  /** Where the app is served (Checkout sends the browser back here). */
  appUrl: string;
  /** The app's sign-in: the signed-in user's id, or undefined. */
  userOf: (request: Request) => string | undefined;
  /** Stripe's signing secret for this endpoint (read on each delivery, so it may arrive after start-up). */
  webhookSecret: () => string | undefined;
}

/**
 * The app: its billing routes (signed-in users only) and Stripe's webhook at
 * `POST /webhooks/stripe` (signed by Stripe, no user), which keeps Tollgate's
 * mirror current through the one road every Stripe object takes.
 */
export function createSaasApp(deps: Deps, options: SaasAppOptions): Hono {
  const app = new Hono();
  let handler: { secret: string; handle: (request: Request) => Promise<Response> } | undefined;
  app.post('/webhooks/stripe', (c) => {
    const secret = options.webhookSecret();
    if (!secret) return c.json({ error: { code: 'stripe_unavailable', message: 'STRIPE_WEBHOOK_SECRET is not set' } }, 503);
    if (handler?.secret !== secret) handler = { secret, handle: createWebhookHandler(deps, { secret }) };
    return handler.handle(c.req.raw);
  });
  app.route('/', billingRoutes(deps, { appUrl: options.appUrl, userOf: options.userOf }));
  return app;
}

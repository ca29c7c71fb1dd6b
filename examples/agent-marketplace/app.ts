import express, { type Express } from 'express';
import { createApp, type Deps, nodeHandler } from 'tollgate';
import { agentRoutes } from './agent-routes.ts';
import { billingRoutes } from './billing-routes.ts';
import { bearerUsers, type Users } from './users.ts';

export interface MarketplaceOptions {
  users: Users;
  /** Stripe's signing secret for `/api/v1/billing/webhook` (read on each delivery). */
  webhookSecret: () => string | undefined;
}

/**
 * The marketplace's API in Express: the seed's nine billing endpoints
 * (billing-routes.ts) and its agent runs (agent-routes.ts) first; everything
 * else under /api/v1 is Tollgate's own HTTP API, mounted with the app's
 * `authenticate` hook, so the same bearer tokens reach `check`, `usage`,
 * `plans`... for their own user only, and Stripe's webhook lands at the seed's
 * path, `POST /api/v1/billing/webhook`, verified by its signature.
 */
export function createMarketplaceApp(deps: Deps, options: MarketplaceOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api/v1/billing', billingRoutes(deps, options.users));
  app.use('/api/v1', agentRoutes(deps, options.users));
  const tollgate = createApp({ deps, authenticate: bearerUsers(options.users), webhookSecret: options.webhookSecret });
  app.use(nodeHandler(tollgate));
  return app;
}

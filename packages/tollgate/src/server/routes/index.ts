import type { Route } from '../route.ts';
import { checkoutRoutes } from './checkout.ts';
import { metricsRoutes } from './metrics.ts';
import { portalRoutes } from './portal.ts';
import { tokenRoutes } from './tokens.ts';
import { usageRoutes } from './usage.ts';

/** Every route under /api/v1/billing, one file per resource. */
export function billingRoutes(options: { tokenSecret: () => Promise<string> }): Route[] {
  return [...tokenRoutes(options.tokenSecret), ...checkoutRoutes, ...portalRoutes, ...usageRoutes, ...metricsRoutes];
}

import type { Route } from '../route.ts';
import { operatorRoutes } from './operator.ts';
import { billingInfoRoutes } from './billing-info.ts';
import { checkoutRoutes } from './checkout.ts';
import { creditRoutes } from './credits.ts';
import { dashboardRoutes } from './dashboard.ts';
import { discountRoutes } from './discounts.ts';
import { gaugeRoutes } from './gauges.ts';
import { licenseRoutes } from './licenses.ts';
import { metricsRoutes } from './metrics.ts';
import { planRoutes } from './plans.ts';
import { portalRoutes } from './portal.ts';
import { purchaseRoutes } from './purchases.ts';
import { subscriptionRoutes } from './subscription.ts';
import { tokenRoutes } from './tokens.ts';
import { usageHistoryRoutes } from './usage-history.ts';
import { trialRoutes } from './trials.ts';
import { usageRoutes } from './usage.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.ts';

/** Every route under /api/v1/billing, one file per resource. */
export function billingRoutes(options: { tokenSecret: () => Promise<string> }): Route[] {
  return [
    ...tokenRoutes(options.tokenSecret),
    ...planRoutes,
    ...checkoutRoutes,
    ...subscriptionRoutes,
    ...discountRoutes,
    ...trialRoutes,
    ...billingInfoRoutes,
    ...portalRoutes,
    ...usageRoutes,
    ...usageHistoryRoutes,
    ...purchaseRoutes,
    ...gaugeRoutes,
    ...creditRoutes,
    ...metricsRoutes,
    ...webhookEndpointRoutes,
    ...operatorRoutes,
    ...dashboardRoutes,
    ...licenseRoutes,
  ];
}

import { z } from 'zod';
import { getCustomerOverview } from '../../../reads/operator/customer-overview.ts';
import { getDashboardOverview } from '../../../reads/operator/overview.ts';
import { replayEvent } from '../../../reads/operator/replay-event.ts';
import { searchCustomers } from '../../../reads/operator/search-customers.ts';
import { topUsage } from '../../../reads/operator/top-usage.ts';
import { text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { defineRoute, oneCustomer, type Route } from '../route.ts';

const tag = 'Admin';

/** The operator dashboard's reads (src/dashboard) and the event replay: secret key (or a dashboard session) only. */
export const dashboardRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'admin/overview',
    summary: 'MRR and ARR now, daily MRR with its movements, the last 30 days (churn, NRR), subscriptions by plan and status, the latest events',
    tag,
    auth: 'secret',
    query: z.object({ days: z.coerce.number().int().min(7).max(3650).optional().describe('Days of history, default 90') }),
    example: {},
    handler: async ({ deps, query }) => ok(await getDashboardOverview(deps, query)),
  }),
  defineRoute({
    method: 'get',
    path: 'admin/customer-search',
    summary: "Customers by the app's id, email prefix, Stripe customer or subscription id (newest first without q), with plan, status and MRR",
    tag,
    auth: 'secret',
    query: z.object({ q: text(200, 0).optional(), limit: z.coerce.number().int().min(1).max(200).optional() }),
    example: { query: { q: 'ada@' } },
    handler: async ({ deps, query }) => ok({ data: await searchCustomers(deps, { query: query.q, limit: query.limit }) }),
  }),
  defineRoute({
    method: 'get',
    path: 'admin/customers/:id/overview',
    summary: 'One customer for the dashboard: subscriptions and schedule, usage against limits, credits, licenses, invoices, payment methods, timeline',
    tag,
    auth: 'secret',
    ...oneCustomer,
    handler: ({ deps, query }) => getCustomerOverview(deps, { externalId: query.id }),
  }),
  defineRoute({
    method: 'get',
    path: 'admin/usage/top',
    summary: 'The heaviest users of metered features in the windows open now',
    tag,
    auth: 'secret',
    query: z.object({ feature: text(100).optional(), window: text(40).optional(), limit: z.coerce.number().int().min(1).max(100).optional() }),
    example: { query: { feature: 'messages' } },
    handler: async ({ deps, query }) => ok({ data: await topUsage(deps, query) }),
  }),
  defineRoute({
    method: 'post',
    path: 'admin/events/:id/replay',
    summary: 'Replay one Stripe event of the ledger: a failed one runs again; a processed one has its object fetched from Stripe and applied',
    tag,
    auth: 'secret',
    query: z.object({ id: text(255) }),
    example: { query: { id: 'evt_123' } },
    handler: ({ deps, query }) => replayEvent(deps, { id: query.id }),
  }),
];

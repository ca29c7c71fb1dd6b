import { z } from 'zod';
import { getUsageHistory, usageHistoryInput } from '../../../usage/ledger/history.ts';
import { defineRoute, type Route } from '../route.ts';

/** Usage per day, from the ledger (src/usage/history.ts). */
export const usageHistoryRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'usage/history',
    summary: "A metered feature's usage per UTC day over the last days (default 30), today last; for a usage chart",
    tag: 'Usage',
    auth: 'customer',
    // A query value is text: `days` is read as a number.
    query: usageHistoryInput.pick({ feature: true }).extend({ days: z.coerce.number().int().min(1).max(90).optional().describe('1 to 90, default 30') }),
    response: z.object({ customer: z.string(), feature: z.string(), days: z.array(z.object({ date: z.string(), used: z.number() })) }),
    example: { query: { customer: 'user_123', feature: 'messages', days: '30' } },
    handler: ({ deps, input }) => getUsageHistory(deps, input),
  }),
];

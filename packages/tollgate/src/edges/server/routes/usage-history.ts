import { z } from 'zod';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { getUsageHistory } from '../../../usage/ledger/history.ts';
import { defineRoute, type Route } from '../route.ts';

/** Usage per day, from the ledger (src/usage/history.ts). */
export const usageHistoryRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'usage/history',
    summary: "A metered feature's usage per UTC day over the last days (default 30), today last; for a usage chart",
    tag: 'Usage',
    auth: 'customer',
    query: z.object({
      feature: text(INPUT_LIMITS.key).describe('A metered feature key from the config, e.g. "messages"'),
      days: z.coerce.number().int().min(1).max(90).optional().describe('1 to 90, default 30'),
    }),
    response: z.object({ customer: z.string(), feature: z.string(), days: z.array(z.object({ date: z.string(), used: z.number() })) }),
    example: { query: { customer: 'user_123', feature: 'messages', days: '30' } },
    handler: ({ deps, customer, query }) =>
      getUsageHistory(deps, { customer, feature: query.feature, ...(query.days !== undefined ? { days: query.days } : {}) }),
  }),
];

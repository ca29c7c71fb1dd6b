import { z } from 'zod';
import { computeChurn } from '../../metrics/compute-churn.ts';
import { computeMrr } from '../../metrics/compute-mrr.ts';
import { countSubscriptions } from '../../metrics/count-subscriptions.ts';
import { ok } from '../../lib/result.ts';
import { formatted, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

/** Revenue figures from the mirror, in SQL (src/metrics). Admin: secret key only. */
export const metricsRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'metrics/mrr',
    summary: 'MRR and ARR per currency, with the subscriptions counted',
    tag: 'Metrics',
    auth: 'secret',
    response: z.object({
      data: z.array(z.object({ currency: z.string(), mrr: z.number().int(), mrr_formatted: formatted, arr: z.number().int(), arr_formatted: formatted, subscriptions: z.number() })),
    }),
    example: {},
    async handler({ deps }) {
      const figures = await computeMrr(deps);
      return ok({ data: figures.map((f) => withFormatted({ ...f }, f.currency, ['mrr', 'arr'])) });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/subscriptions',
    summary: 'Subscriptions by plan and status',
    tag: 'Metrics',
    auth: 'secret',
    query: z.object({ include_canceled: z.enum(['true', 'false']).optional() }),
    response: z.object({ data: z.array(z.object({ plan_key: z.string().nullable(), status: z.string(), count: z.number() })) }),
    example: {},
    async handler({ deps, query }) {
      return ok({ data: await countSubscriptions(deps, { includeCanceled: query.include_canceled === 'true' }) });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/churn',
    summary: 'New and churned subscriptions and the churn rate over [from, to)',
    tag: 'Metrics',
    auth: 'secret',
    query: z.object({ from: z.iso.datetime({ offset: true }).or(z.iso.date()), to: z.iso.datetime({ offset: true }).or(z.iso.date()) }),
    response: z.object({ from: z.string(), to: z.string(), at_start: z.number(), new: z.number(), churned: z.number(), churn_rate: z.number().nullable() }),
    example: { query: { from: '2026-01-01', to: '2026-02-01' } },
    handler: ({ deps, query }) => computeChurn(deps, { from: new Date(query.from), to: new Date(query.to) }),
  }),
];

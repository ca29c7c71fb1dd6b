import { z } from 'zod';
import { computeChurn } from '../../../reads/metrics/compute-churn.ts';
import { computeMrr } from '../../../reads/metrics/compute-mrr.ts';
import { countSubscriptions } from '../../../reads/metrics/count-subscriptions.ts';
import { listMrrMovements } from '../../../reads/metrics/list-movements.ts';
import { mrrHistory } from '../../../reads/metrics/mrr-history.ts';
import { revenueSummary } from '../../../reads/metrics/revenue-summary.ts';
import { text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { formatted, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const when = z.iso.datetime({ offset: true }).or(z.iso.date());
const range = { from: when.describe('First day (UTC)'), to: when.describe('Last day (UTC), included'), plan: text(100).optional().describe('Only this plan') };
const kinds = z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']);
const day = z.object({
  date: z.string(),
  mrr: z.number().int(),
  subscribers: z.number().int(),
  new: z.number().int(),
  expansion: z.number().int(),
  contraction: z.number().int(),
  churn: z.number().int(),
  reactivation: z.number().int(),
});

/** Revenue figures from the mirror, in SQL (src/metrics). Admin: secret key only. */
export const metricsRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'metrics/mrr',
    summary: 'MRR and ARR per currency, with the subscriptions counted',
    tag: 'Metrics',
    auth: 'secret',
    response: z.object({
      data: z.array(
        z.object({
          currency: z.string(),
          mrr: z.number().int(),
          mrr_formatted: formatted,
          arr: z.number().int(),
          arr_formatted: formatted,
          subscriptions: z.number(),
        }),
      ),
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
  defineRoute({
    method: 'get',
    path: 'metrics/mrr/history',
    summary: "Daily MRR and paying subscriptions per currency over whole UTC days, with each day's movements by kind",
    tag: 'Metrics',
    auth: 'secret',
    query: z.object(range),
    response: z.object({ from: z.string(), to: z.string(), series: z.array(z.object({ currency: z.string(), days: z.array(day) })) }),
    example: { query: { from: '2026-01-01', to: '2026-01-31' } },
    handler: ({ deps, query }) => mrrHistory(deps, { from: new Date(query.from), to: new Date(query.to), plan: query.plan }),
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/revenue',
    summary: 'MRR and ARR at the start and end of a range, movements by kind, churned subscriptions and net revenue retention, per currency',
    tag: 'Metrics',
    auth: 'secret',
    query: z.object(range),
    response: z.object({
      from: z.string(),
      to: z.string(),
      data: z.array(
        z.object({
          currency: z.string(),
          mrr_start: z.number().int(),
          mrr_end: z.number().int(),
          arr_end: z.number().int(),
          subscribers_start: z.number().int(),
          subscribers_end: z.number().int(),
          new: z.number().int(),
          expansion: z.number().int(),
          contraction: z.number().int(),
          churn: z.number().int(),
          reactivation: z.number().int(),
          churned: z.number().int(),
          nrr: z.number().nullable(),
        }),
      ),
    }),
    example: { query: { from: '2026-01-01', to: '2026-01-31' } },
    handler: ({ deps, query }) => revenueSummary(deps, { from: new Date(query.from), to: new Date(query.to), plan: query.plan }),
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/movements',
    summary: 'MRR movements, newest first',
    tag: 'Metrics',
    auth: 'secret',
    query: z.object({
      from: when.optional(),
      to: when.optional(),
      kind: kinds.optional(),
      plan: text(100).optional(),
      currency: text(3).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional().describe('1 to 500, default 50'),
    }),
    example: { query: { kind: 'churn' } },
    async handler({ deps, query }) {
      const rows = await listMrrMovements(deps, {
        ...(query.from ? { from: new Date(query.from) } : {}),
        ...(query.to ? { to: new Date(query.to) } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.plan ? { plan: query.plan } : {}),
        ...(query.currency ? { currency: query.currency } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      });
      return ok({ data: rows });
    },
  }),
];

import { z } from 'zod';
import { computeChurn } from '../../../reads/metrics/compute-churn.ts';
import { computeMrr } from '../../../reads/metrics/compute-mrr.ts';
import { countSubscriptions } from '../../../reads/metrics/count-subscriptions.ts';
import { listMrrMovements } from '../../../reads/metrics/list-movements.ts';
import { mrrHistory, mrrHistoryResult } from '../../../reads/metrics/mrr-history.ts';
import { revenueSummary, revenueSummaryResult } from '../../../reads/metrics/revenue-summary.ts';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import { text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { formatted, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const when = z.iso.datetime({ offset: true }).or(z.iso.date());
const range = { from: when.describe('First day (UTC)'), to: when.describe('Last day (UTC), included'), plan: text(100).optional().describe('Only this plan') };
const kinds = z.enum(['new', 'expansion', 'contraction', 'churn', 'reactivation']);
/** The query of a daily range read (from, to, optionally one plan), its example, and its input for the read. */
const inRange = { tag: 'Metrics', auth: 'secret' as const, query: z.object(range), example: { query: { from: '2026-01-01', to: '2026-01-31' } } };
const rangeOf = (query: { from: string; to: string; plan?: string | undefined }) => ({ from: new Date(query.from), to: new Date(query.to), plan: query.plan });

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
    ...inRange,
    response: mrrHistoryResult,
    handler: ({ deps, query }) => mrrHistory(deps, rangeOf(query)),
  }),
  defineRoute({
    method: 'get',
    path: 'metrics/revenue',
    summary: 'MRR and ARR at the start and end of a range, movements by kind, churned subscriptions and net revenue retention, per currency',
    ...inRange,
    response: snakeSchema(revenueSummaryResult),
    handler: ({ deps, query }) => revenueSummary(deps, rangeOf(query)),
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
        ...query,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
      });
      return ok({ data: rows });
    },
  }),
];

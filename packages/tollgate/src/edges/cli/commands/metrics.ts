import { computeCreditRevenue } from '../../../usage/credits/revenue.ts';
import { computeMrr } from '../../../reads/metrics/compute-mrr.ts';
import { countSubscriptions } from '../../../reads/metrics/count-subscriptions.ts';
import { formatMoney } from '../../../core/lib/money.ts';
import { backfillMrrMovements } from '../../../reads/metrics/backfill-movements.ts';
import { listMrrMovements } from '../../../reads/metrics/list-movements.ts';
import { commonOptions, limitOption, withRuntime } from '../with-runtime.ts';
import { printHistory } from './metrics-history.ts';
import { EXIT } from '../command.ts';
import { commandGroup } from '../group.ts';
import { render, table } from '../output.ts';

const count = (n: number) => n.toLocaleString('en-US');

const options = {
  ...commonOptions,
  history: { type: 'boolean' },
  from: { type: 'string' },
  to: { type: 'string' },
  plan: { type: 'string' },
  kind: { type: 'string' },
  limit: { type: 'string' },
} as const;

export const metricsCommand = commandGroup('metrics', 'Revenue figures from the local mirror.', options, [
  {
    name: 'mrr',
    summary: 'MRR per currency, e.g. "MRR: $4,523.00 (4,523 active subscriptions)"; --history: daily MRR with movements.',
    usage: 'mrr [--history [--from 2026-01-01] [--to 2026-01-31] [--plan pro]] [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        if (values.history) return printHistory(io, values, deps);
        const figures = await computeMrr(deps);
        const shown = figures.length > 0 ? figures : [{ currency: deps.config.currency ?? 'usd', mrr: 0, arr: 0, subscriptions: 0 }];
        render(io, values.json, shown, () =>
          shown
            .map(
              (f) =>
                `MRR: ${formatMoney({ amount: f.mrr, currency: f.currency })} (${count(f.subscriptions)} active subscription${f.subscriptions === 1 ? '' : 's'})`,
            )
            .join('\n'),
        );
        return EXIT.ok;
      }),
  },
  {
    name: 'credits',
    summary: 'Credit revenue per currency: sold, deferred (paid credit not yet used), recognized, breakage (expired unused).',
    usage: 'credits [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const rows = await computeCreditRevenue(deps);
        const money = (amount: number, currency: string) => formatMoney({ amount, currency });
        render(io, values.json, rows, () =>
          rows.length === 0
            ? 'No credits sold.'
            : table(
                ['currency', 'sold', 'deferred', 'recognized', 'breakage'],
                rows.map((r) => [
                  r.currency,
                  money(r.sold, r.currency),
                  money(r.deferred, r.currency),
                  money(r.recognized, r.currency),
                  money(r.breakage, r.currency),
                ]),
              ),
        );
        return EXIT.ok;
      }),
  },
  {
    name: 'movements',
    summary: 'MRR movements (new, expansion, contraction, churn, reactivation), newest first.',
    usage: 'movements [--from 2026-01-01] [--to 2026-02-01] [--kind churn] [--plan pro] [--limit 50] [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const rows = await listMrrMovements(deps, {
          ...(typeof values.from === 'string' ? { from: new Date(values.from) } : {}),
          ...(typeof values.to === 'string' ? { to: new Date(values.to) } : {}),
          ...(typeof values.kind === 'string' ? { kind: values.kind } : {}),
          ...(typeof values.plan === 'string' ? { plan: values.plan } : {}),
          ...limitOption(values),
        });
        const money = (amount: number, currency: string) => formatMoney({ amount, currency });
        render(io, values.json, rows, () =>
          rows.length === 0
            ? 'No MRR movements.'
            : table(
                ['at', 'kind', 'change', 'mrr after', 'plan', 'subscription', 'customer'],
                rows.map((m) => [
                  m.at.toISOString(),
                  m.kind,
                  money(m.amount, m.currency),
                  money(m.mrrAfter, m.currency),
                  m.planKey,
                  m.subscriptionId,
                  m.stripeCustomerId,
                ]),
              ),
        );
        return EXIT.ok;
      }),
  },
  {
    name: 'backfill',
    summary: 'Writes MRR movements for subscriptions mirrored before movements were recorded (serve and dev do it at start).',
    usage: 'backfill [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const result = await backfillMrrMovements(deps);
        render(io, values.json, result, () => `${count(result.movements)} movement${result.movements === 1 ? '' : 's'} written.`);
        return EXIT.ok;
      }),
  },
  {
    name: 'subscriptions',
    summary: 'Subscriptions by plan and status.',
    usage: 'subscriptions [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const rows = await countSubscriptions(deps);
        render(io, values.json, rows, () =>
          rows.length === 0
            ? 'No subscriptions.'
            : table(
                ['plan', 'status', 'count'],
                rows.map((r) => [r.planKey, r.status, r.count]),
              ),
        );
        return EXIT.ok;
      }),
  },
]);

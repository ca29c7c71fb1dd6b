import { computeCreditRevenue } from '../../credits/revenue.ts';
import { computeMrr } from '../../metrics/compute-mrr.ts';
import { countSubscriptions } from '../../metrics/count-subscriptions.ts';
import { formatMoney } from '../../lib/money.ts';
import { commonOptions, withRuntime } from '../with-runtime.ts';
import { EXIT } from '../command.ts';
import { commandGroup } from '../group.ts';
import { render, table } from '../output.ts';

const count = (n: number) => n.toLocaleString('en-US');

export const metricsCommand = commandGroup('metrics', 'Revenue figures from the local mirror.', { ...commonOptions }, [
  {
    name: 'mrr',
    summary: 'MRR per currency, e.g. "MRR: $4,523.00 (4,523 active subscriptions)".',
    usage: 'mrr [--json]',
    run: ({ values }, io) =>
      withRuntime(io, values, async ({ deps }) => {
        const figures = await computeMrr(deps);
        const shown = figures.length > 0 ? figures : [{ currency: deps.config.currency ?? 'usd', mrr: 0, arr: 0, subscriptions: 0 }];
        render(io, values.json, shown, () =>
          shown
            .map((f) => `MRR: ${formatMoney({ amount: f.mrr, currency: f.currency })} (${count(f.subscriptions)} active subscription${f.subscriptions === 1 ? '' : 's'})`)
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
                rows.map((r) => [r.currency, money(r.sold, r.currency), money(r.deferred, r.currency), money(r.recognized, r.currency), money(r.breakage, r.currency)]),
              ),
        );
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
        render(io, values.json, rows, () => (rows.length === 0 ? 'No subscriptions.' : table(['plan', 'status', 'count'], rows.map((r) => [r.planKey, r.status, r.count]))));
        return EXIT.ok;
      }),
  },
]);

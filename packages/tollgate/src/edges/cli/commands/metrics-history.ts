import { formatMoney } from '../../../core/lib/money.ts';
import type { Deps } from '../../../core/lib/deps.ts';
import { mrrHistory } from '../../../reads/metrics/mrr-history.ts';
import { finish } from '../with-runtime.ts';
import type { CommandIo } from '../command.ts';
import { render, table } from '../output.ts';

const DAY = 86_400_000;

/** `tollgate metrics mrr --history`: daily MRR per currency with the day's movements (default: the last 30 days). */
export async function printHistory(io: CommandIo, values: Record<string, unknown>, deps: Deps): Promise<number> {
  const to = typeof values.to === 'string' ? new Date(values.to) : deps.clock.now();
  const from = typeof values.from === 'string' ? new Date(values.from) : new Date(to.getTime() - 29 * DAY);
  const result = await mrrHistory(deps, { from, to, plan: typeof values.plan === 'string' ? values.plan : undefined });
  return finish(io, 'metrics mrr', result, (history) =>
    render(io, values.json, history, () => {
      if (history.series.length === 0) return `No MRR movements from ${history.from} to ${history.to}.`;
      return history.series
        .map((s) => {
          const money = (amount: number) => (amount === 0 ? '' : formatMoney({ amount, currency: s.currency }));
          return `${s.currency.toUpperCase()}\n${table(
            ['date', 'mrr', 'subscribers', 'new', 'expansion', 'contraction', 'churn', 'reactivation'],
            s.days.map((d) => [
              d.date,
              formatMoney({ amount: d.mrr, currency: s.currency }),
              d.subscribers,
              money(d.new),
              money(d.expansion),
              money(d.contraction),
              money(d.churn),
              money(d.reactivation),
            ]),
          )}`;
        })
        .join('\n\n');
    }),
  );
}

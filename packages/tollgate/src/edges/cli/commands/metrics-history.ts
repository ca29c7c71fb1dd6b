import { formatMoney } from '../../../core/lib/money.ts';
import { mrrHistory } from '../../../reads/metrics/mrr-history.ts';
import { date, text } from '../flags.ts';
import { subcommand } from '../group.ts';
import { table } from '../output.ts';

const DAY = 86_400_000;

/** `tollgate metrics mrr --history`: daily MRR per currency with the day's movements (default: the last 30 days). */
export const mrrHistoryCommand = subcommand({
  name: 'mrr',
  summary: 'Daily MRR per currency with the movements of each day.',
  usage: 'mrr --history [--from 2026-01-01] [--to 2026-01-31] [--plan pro] [--json]',
  flags: { from: date('from'), to: date('to'), plan: text('plan') },
  run: (deps, { from, to = deps.clock.now(), plan }) => mrrHistory(deps, { from: from ?? new Date(to.getTime() - 29 * DAY), to, plan }),
  show: (history) => {
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
  },
});

import { computeCreditRevenue } from '../../../usage/credits/revenue.ts';
import { computeMrr } from '../../../reads/metrics/compute-mrr.ts';
import { countSubscriptions } from '../../../reads/metrics/count-subscriptions.ts';
import { formatMoney } from '../../../core/lib/money.ts';
import { backfillMrrMovements } from '../../../reads/metrics/backfill-movements.ts';
import { listMrrMovements } from '../../../reads/metrics/list-movements.ts';
import { mrrHistoryCommand } from './metrics-history.ts';
import { date, limit, text } from '../flags.ts';
import { commandGroup, type Subcommand, subcommand } from '../group.ts';
import { listing } from '../output.ts';

const count = (n: number) => n.toLocaleString('en-US');
const money = (amount: number, currency: string) => formatMoney({ amount, currency });

const mrrNow = subcommand({
  name: 'mrr',
  summary: 'MRR per currency, e.g. "MRR: $4,523.00 (4,523 active subscriptions)"; --history: daily MRR with movements.',
  usage: 'mrr [--history [--from 2026-01-01] [--to 2026-01-31] [--plan pro]] [--json]',
  flags: {},
  read: async (deps) => {
    const figures = await computeMrr(deps);
    return figures.length > 0 ? figures : [{ currency: deps.config.currency ?? 'usd', mrr: 0, arr: 0, subscriptions: 0 }];
  },
  show: (figures) =>
    figures.map((f) => `MRR: ${money(f.mrr, f.currency)} (${count(f.subscriptions)} active subscription${f.subscriptions === 1 ? '' : 's'})`).join('\n'),
});

/** `metrics mrr`: today's figures, or with --history the daily series. */
const mrr: Subcommand = {
  ...mrrNow,
  options: { ...mrrHistoryCommand.options, history: { type: 'boolean' } },
  run: (args, io) => (args.values.history ? mrrHistoryCommand : mrrNow).run(args, io),
};

export const metricsCommand = commandGroup('metrics', 'Revenue figures from the local mirror.', [
  mrr,
  subcommand({
    name: 'credits',
    summary: 'Credit revenue per currency: sold, deferred (paid credit not yet used), recognized, breakage (expired unused).',
    usage: 'credits [--json]',
    flags: {},
    read: computeCreditRevenue,
    show: listing('No credits sold.', ['currency', 'sold', 'deferred', 'recognized', 'breakage'], (r) => [
      r.currency,
      money(r.sold, r.currency),
      money(r.deferred, r.currency),
      money(r.recognized, r.currency),
      money(r.breakage, r.currency),
    ]),
  }),
  subcommand({
    name: 'movements',
    summary: 'MRR movements (new, expansion, contraction, churn, reactivation), newest first.',
    usage: 'movements [--from 2026-01-01] [--to 2026-02-01] [--kind churn] [--plan pro] [--limit 50] [--json]',
    flags: { from: date('from'), to: date('to'), kind: text('kind'), plan: text('plan'), limit: limit() },
    read: listMrrMovements,
    show: listing('No MRR movements.', ['at', 'kind', 'change', 'mrr after', 'plan', 'subscription', 'customer'], (m) => [
      m.at.toISOString(),
      m.kind,
      money(m.amount, m.currency),
      money(m.mrrAfter, m.currency),
      m.planKey,
      m.subscriptionId,
      m.stripeCustomerId,
    ]),
  }),
  subcommand({
    name: 'backfill',
    summary: 'Writes MRR movements for subscriptions mirrored before movements were recorded (serve and dev do it at start).',
    usage: 'backfill [--json]',
    flags: {},
    read: backfillMrrMovements,
    show: (result) => `${count(result.movements)} movement${result.movements === 1 ? '' : 's'} written.`,
  }),
  subcommand({
    name: 'subscriptions',
    summary: 'Subscriptions by plan and status.',
    usage: 'subscriptions [--json]',
    flags: {},
    read: countSubscriptions,
    show: listing('No subscriptions.', ['plan', 'status', 'count'], (r) => [r.planKey, r.status, r.count]),
  }),
]);

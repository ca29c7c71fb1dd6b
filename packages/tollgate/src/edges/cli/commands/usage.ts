import { getUsage } from '../../../usage/ledger/get-usage.ts';
import { track } from '../../../usage/ledger/track.ts';
import { UsageError } from '../command.ts';
import { type Flag, required, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { table } from '../output.ts';

/** `--amount N`: a positive whole number, 1 when absent. */
const amount: Flag<number> = {
  option: { name: 'amount', type: 'string' },
  read: ({ values }) => {
    const value = values.amount === undefined ? 1 : Number(values.amount);
    if (!Number.isInteger(value) || value < 1) throw new UsageError('--amount must be a positive integer');
    return value;
  },
};

export const usageCommand = commandGroup('usage', 'Record usage for a customer, or show where they stand against their plan.', [
  subcommand({
    name: 'record',
    summary: 'Record usage that happened (deduplicated by --idempotency-key).',
    usage: 'record --customer ID --feature messages [--amount 1] [--idempotency-key KEY] [--json]',
    flags: { customer: required('customer'), feature: required('feature'), amount, idempotencyKey: text('idempotency-key') },
    run: track,
    show: (event, { customer, feature }) =>
      event.duplicate
        ? `Already recorded as ${event.id} (same idempotency key); nothing added.`
        : `Recorded ${event.amount} ${feature} for ${customer} (${event.id}).`,
  }),
  subcommand({
    name: 'show',
    summary: "A customer's usage on every metered feature and gauge.",
    usage: 'show --customer ID [--json]',
    flags: { customer: required('customer') },
    run: getUsage,
    show: (summary, { customer }) =>
      [
        `Customer ${customer} on plan ${summary.plan ?? '-'}`,
        '',
        table(
          ['feature', 'used', 'limit', 'remaining', 'resets'],
          summary.features.map((f) => [f.feature, f.used, f.unlimited ? 'unlimited' : f.limit, f.remaining, f.resetsAt]),
        ),
      ].join('\n'),
  }),
]);

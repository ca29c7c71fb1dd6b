import { getUsage } from '../../../usage/ledger/get-usage.ts';
import { track } from '../../../usage/ledger/track.ts';
import { commonOptions, finish, withRuntime } from '../with-runtime.ts';
import { UsageError } from '../command.ts';
import { commandGroup, requireString } from '../group.ts';
import { render, table } from '../output.ts';

export const usageCommand = commandGroup(
  'usage',
  'Record usage for a customer, or show where they stand against their plan.',
  { ...commonOptions, customer: { type: 'string' }, feature: { type: 'string' }, amount: { type: 'string' }, 'idempotency-key': { type: 'string' } },
  [
    {
      name: 'record',
      summary: 'Record usage that happened (deduplicated by --idempotency-key).',
      usage: 'record --customer ID --feature messages [--amount 1] [--idempotency-key KEY] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const feature = requireString(values, 'feature');
        const amount = values.amount === undefined ? 1 : Number(values.amount);
        if (!Number.isInteger(amount) || amount < 1) throw new UsageError('--amount must be a positive integer');
        const key = values['idempotency-key'];
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'usage record', await track(deps, { customer, feature, amount, ...(typeof key === 'string' ? { idempotencyKey: key } : {}) }), (event) =>
            render(io, values.json, event, () =>
              event.duplicate
                ? `Already recorded as ${event.id} (same idempotency key); nothing added.`
                : `Recorded ${event.amount} ${feature} for ${customer} (${event.id}).`,
            ),
          ),
        );
      },
    },
    {
      name: 'show',
      summary: "A customer's usage on every metered feature and gauge.",
      usage: 'show --customer ID [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'usage show', await getUsage(deps, { customer }), (summary) =>
            render(io, values.json, summary, () =>
              [
                `Customer ${customer} on plan ${summary.plan ?? '-'}`,
                '',
                table(
                  ['feature', 'used', 'limit', 'remaining', 'resets'],
                  summary.features.map((f) => [f.feature, f.used, f.unlimited ? 'unlimited' : f.limit, f.remaining, f.resetsAt]),
                ),
              ].join('\n'),
            ),
          ),
        );
      },
    },
  ],
);

import { getCreditBalance } from '../../../usage/credits/balance.ts';
import { grantCredits } from '../../../usage/credits/grant.ts';
import { listCreditHistory } from '../../../usage/credits/history.ts';
import { commonOptions, finish, limitOption, withRuntime } from '../with-runtime.ts';
import { UsageError } from '../command.ts';
import { commandGroup, requireString } from '../group.ts';
import { render, table } from '../output.ts';

const string = (values: Record<string, unknown>, name: string): string | undefined => (typeof values[name] === 'string' ? values[name] : undefined);

/** `{ [name]: value }`, or nothing when the value is absent. */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]?: V });
}

function number(values: Record<string, unknown>, name: string): number | undefined {
  const raw = string(values, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number`);
  return value;
}

export const creditsCommand = commandGroup(
  'credits',
  'Grant prepaid credits to a customer, or show their balance and its movements.',
  {
    ...commonOptions,
    customer: { type: 'string' },
    system: { type: 'string' },
    amount: { type: 'string' },
    kind: { type: 'string' },
    priority: { type: 'string' },
    expires: { type: 'string' },
    'paid-amount': { type: 'string' },
    'idempotency-key': { type: 'string' },
    limit: { type: 'string' },
  },
  [
    {
      name: 'grant',
      summary: 'Grant credits (promotional by default; --kind paid with --paid-amount in minor units for a sale made elsewhere).',
      usage:
        'grant --customer ID --amount 100 [--system credits] [--expires 2026-12-31T00:00:00Z] [--priority 20] [--kind paid --paid-amount 500] [--idempotency-key KEY] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const amount = number(values, 'amount');
        if (amount === undefined) throw new UsageError('--amount is required');
        const kindText = string(values, 'kind');
        if (kindText !== undefined && kindText !== 'promotional' && kindText !== 'paid') throw new UsageError('--kind must be promotional or paid');
        const kind: 'promotional' | 'paid' | undefined = kindText;
        const priority = number(values, 'priority');
        const paidAmount = number(values, 'paid-amount');
        const input = {
          customer,
          amount,
          ...optional('system', string(values, 'system')),
          ...optional('kind', kind),
          ...optional('priority', priority),
          ...optional('expiresAt', string(values, 'expires')),
          ...optional('paidAmount', paidAmount),
          ...optional('idempotencyKey', string(values, 'idempotency-key')),
        };
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'credits grant', await grantCredits(deps, input), (grant) =>
            render(io, values.json, grant, () =>
              grant.duplicate
                ? `Already granted as ${grant.id} (same idempotency key); nothing added.`
                : `Granted ${grant.credits} ${grant.system} to ${customer} (${grant.id}, ${grant.kind}${grant.expiresAt ? `, expires ${grant.expiresAt}` : ''}).`,
            ),
          ),
        );
      },
    },
    {
      name: 'balance',
      summary: "A customer's balance, the period's spend and cap, and the live grants in burn order.",
      usage: 'balance --customer ID [--system credits] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const system = string(values, 'system');
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'credits balance', await getCreditBalance(deps, { customer, ...(system ? { system } : {}) }), (b) =>
            render(io, values.json, b, () =>
              [
                `${customer}: ${b.balance} ${b.system} (spent ${b.spent} this period${b.cap === null ? '' : ` of a ${b.cap} cap`}; plan ${b.plan ?? '-'})`,
                '',
                b.grants.length === 0
                  ? 'No live grants.'
                  : table(
                      ['grant', 'kind', 'priority', 'credits', 'remaining', 'expires'],
                      b.grants.map((g) => [g.id, g.kind, g.priority, g.credits, g.remaining, g.expiresAt ? new Date(g.expiresAt) : null]),
                    ),
              ].join('\n'),
            ),
          ),
        );
      },
    },
    {
      name: 'history',
      summary: "A customer's credit movements, newest first: grants, debits, reversals, expiries.",
      usage: 'history --customer ID [--system credits] [--limit 20] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const system = string(values, 'system');
        const limit = limitOption(values);
        return withRuntime(io, values, async ({ deps }) =>
          finish(io, 'credits history', await listCreditHistory(deps, { customer, ...(system ? { system } : {}), ...limit }), (history) =>
            render(io, values.json, history, () =>
              history.data.length === 0
                ? 'No credit movements.'
                : table(
                    ['when', 'kind', 'credits', 'feature', 'balance after', 'id'],
                    history.data.map((m) => [new Date(m.occurredAt), m.kind, m.credits, m.feature, m.balanceAfter, m.id]),
                  ),
            ),
          ),
        );
      },
    },
  ],
);

import { type CreditBalance, getCreditBalance } from '../../../usage/credits/balance.ts';
import { grantCredits } from '../../../usage/credits/grant.ts';
import { type CreditHistory, listCreditHistory } from '../../../usage/credits/history.ts';
import { choice, limit, number, required, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

const system = text('system');

const grants = listing<CreditBalance['grants'][number]>('No live grants.', ['grant', 'kind', 'priority', 'credits', 'remaining', 'expires'], (g) => [
  g.id,
  g.kind,
  g.priority,
  g.credits,
  g.remaining,
  g.expiresAt ? new Date(g.expiresAt) : null,
]);

const movements = listing<CreditHistory['data'][number]>('No credit movements.', ['when', 'kind', 'credits', 'feature', 'balance after', 'id'], (m) => [
  new Date(m.occurredAt),
  m.kind,
  m.credits,
  m.feature,
  m.balanceAfter,
  m.id,
]);

export const creditsCommand = commandGroup('credits', 'Grant prepaid credits to a customer, or show their balance and its movements.', [
  subcommand({
    name: 'grant',
    summary: 'Grant credits (promotional by default; --kind paid with --paid-amount in minor units for a sale made elsewhere).',
    usage:
      'grant --customer ID --amount 100 [--system credits] [--expires 2026-12-31T00:00:00Z] [--priority 20] [--kind paid --paid-amount 500] [--idempotency-key KEY] [--json]',
    flags: {
      customer: required('customer'),
      amount: number('amount', { required: true }),
      system,
      kind: choice('kind', ['promotional', 'paid'], '--kind must be promotional or paid'),
      priority: number('priority'),
      paidAmount: number('paid-amount'),
      expiresAt: text('expires'),
      idempotencyKey: text('idempotency-key'),
    },
    run: grantCredits,
    show: (grant, { customer }) =>
      grant.duplicate
        ? `Already granted as ${grant.id} (same idempotency key); nothing added.`
        : `Granted ${grant.credits} ${grant.system} to ${customer} (${grant.id}, ${grant.kind}${grant.expiresAt ? `, expires ${grant.expiresAt}` : ''}).`,
  }),
  subcommand({
    name: 'balance',
    summary: "A customer's balance, the period's spend and cap, and the live grants in burn order.",
    usage: 'balance --customer ID [--system credits] [--json]',
    flags: { customer: required('customer'), system },
    run: getCreditBalance,
    show: (b, { customer }) =>
      [
        `${customer}: ${b.balance} ${b.system} (spent ${b.spent} this period${b.cap === null ? '' : ` of a ${b.cap} cap`}; plan ${b.plan ?? '-'})`,
        '',
        grants(b.grants),
      ].join('\n'),
  }),
  subcommand({
    name: 'history',
    summary: "A customer's credit movements, newest first: grants, debits, reversals, expiries.",
    usage: 'history --customer ID [--system credits] [--limit 20] [--json]',
    flags: { customer: required('customer'), system, limit: limit() },
    run: listCreditHistory,
    show: (history) => movements(history.data),
  }),
]);

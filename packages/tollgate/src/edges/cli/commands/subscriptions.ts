import { listSubscriptionRows } from '../../../reads/operator/list.ts';
import { createCheckout } from '../../../commands/checkout/create.ts';
import { formatMoney } from '../../../core/lib/money.ts';
import { cancelSubscription } from '../../../commands/subscriptions/cancel.ts';
import { cancelSubscriptionNow } from '../../../commands/subscriptions/cancel-now.ts';
import { choice, flag, limit, required, text } from '../flags.ts';
import { commandGroup, subcommand } from '../group.ts';
import { listing } from '../output.ts';

export const subscriptionsCommand = commandGroup('subscriptions', 'List subscriptions (mirror), start one (a Checkout link), cancel one (Stripe).', [
  subcommand({
    name: 'list',
    summary: 'Subscriptions, newest first (--status, --plan, --customer filter).',
    usage: 'list [--status active] [--plan pro] [--customer ID] [--limit 20] [--json]',
    flags: { limit: limit(), status: text('status'), plan: text('plan'), customer: text('customer') },
    read: listSubscriptionRows,
    json: (rows) => rows.map(({ raw: _raw, ...r }) => r),
    show: listing('No subscriptions.', ['id', 'customer', 'plan', 'status', 'amount', 'renews/ends', 'cancels'], (s) => [
      s.id,
      s.customer,
      s.planKey,
      s.status,
      `${formatMoney({ amount: s.amount, currency: s.currency })}/${s.interval ?? '?'}`,
      s.currentPeriodEnd,
      s.cancelAtPeriodEnd ? 'at period end' : '',
    ]),
  }),
  subcommand({
    name: 'create',
    summary: 'Start a subscription: prints the hosted Checkout link to send the customer.',
    usage: 'create --customer ID --plan pro [--interval month|year] [--success-url URL] [--cancel-url URL] [--json]',
    flags: {
      customer: required('customer'),
      plan: required('plan'),
      interval: choice('interval', ['month', 'year'], '--interval must be month or year', 'month'),
      successUrl: text('success-url', 'https://example.com/billing/success'),
      cancelUrl: text('cancel-url', 'https://example.com/billing'),
    },
    run: createCheckout,
    show: (session, { customer, plan, interval }) => `Checkout for ${customer} on ${plan} (${interval}ly): ${session.url}`,
  }),
  subcommand({
    name: 'cancel',
    summary: "Cancel a customer's subscription at period end (--now: immediately).",
    usage: 'cancel --customer ID [--now] [--json]',
    flags: { customer: required('customer'), now: flag('now') },
    run: (deps, { now, customer }) => (now ? cancelSubscriptionNow(deps, { customer }) : cancelSubscription(deps, { customer })),
    json: ({ raw: _raw, ...s }) => s,
    show: (s, { customer, now }) =>
      now
        ? `Canceled ${s.id} (${customer}) now: status ${s.status}.`
        : `${s.id} (${customer}) cancels at ${s.currentPeriodEnd?.toISOString() ?? 'period end'}.`,
  }),
]);

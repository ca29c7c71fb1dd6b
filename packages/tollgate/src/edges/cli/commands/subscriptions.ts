import { listSubscriptionRows } from '../../../reads/operator/list.ts';
import { createCheckout } from '../../../commands/checkout/create.ts';
import { formatMoney } from '../../../core/lib/money.ts';
import { cancelSubscription } from '../../../commands/subscriptions/cancel.ts';
import { cancelSubscriptionNow } from '../../../commands/subscriptions/cancel-now.ts';
import { commonOptions, finish, limitOption, withRuntime } from '../with-runtime.ts';
import { EXIT, UsageError } from '../command.ts';
import { commandGroup, requireString } from '../group.ts';
import { render, table } from '../output.ts';

export const subscriptionsCommand = commandGroup(
  'subscriptions',
  'List subscriptions (mirror), start one (a Checkout link), cancel one (Stripe).',
  {
    ...commonOptions,
    limit: { type: 'string' },
    status: { type: 'string' },
    plan: { type: 'string' },
    customer: { type: 'string' },
    interval: { type: 'string' },
    'success-url': { type: 'string' },
    'cancel-url': { type: 'string' },
    now: { type: 'boolean' },
  },
  [
    {
      name: 'list',
      summary: 'Subscriptions, newest first (--status, --plan, --customer filter).',
      usage: 'list [--status active] [--plan pro] [--customer ID] [--limit 20] [--json]',
      run: ({ values }, io) =>
        withRuntime(io, values, async ({ deps }) => {
          const rows = await listSubscriptionRows(deps, {
            ...limitOption(values),
            ...(typeof values.status === 'string' ? { status: values.status } : {}),
            ...(typeof values.plan === 'string' ? { plan: values.plan } : {}),
            ...(typeof values.customer === 'string' ? { customer: values.customer } : {}),
          });
          render(
            io,
            values.json,
            rows.map(({ raw: _raw, ...r }) => r),
            () =>
              rows.length === 0
                ? 'No subscriptions.'
                : table(
                    ['id', 'customer', 'plan', 'status', 'amount', 'renews/ends', 'cancels'],
                    rows.map((s) => [
                      s.id,
                      s.customer,
                      s.planKey,
                      s.status,
                      `${formatMoney({ amount: s.amount, currency: s.currency })}/${s.interval ?? '?'}`,
                      s.currentPeriodEnd,
                      s.cancelAtPeriodEnd ? 'at period end' : '',
                    ]),
                  ),
          );
          return EXIT.ok;
        }),
    },
    {
      name: 'create',
      summary: 'Start a subscription: prints the hosted Checkout link to send the customer.',
      usage: 'create --customer ID --plan pro [--interval month|year] [--success-url URL] [--cancel-url URL] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        const plan = requireString(values, 'plan');
        const interval = values.interval ?? 'month';
        if (interval !== 'month' && interval !== 'year') throw new UsageError('--interval must be month or year');
        return withRuntime(io, values, async ({ deps }) => {
          const created = await createCheckout(deps, {
            customer,
            plan,
            interval,
            successUrl: typeof values['success-url'] === 'string' ? values['success-url'] : 'https://example.com/billing/success',
            cancelUrl: typeof values['cancel-url'] === 'string' ? values['cancel-url'] : 'https://example.com/billing',
          });
          return finish(io, 'subscriptions create', created, (session) =>
            render(io, values.json, session, () => `Checkout for ${customer} on ${plan} (${interval}ly): ${session.url}`),
          );
        });
      },
    },
    {
      name: 'cancel',
      summary: "Cancel a customer's subscription at period end (--now: immediately).",
      usage: 'cancel --customer ID [--now] [--json]',
      run: ({ values }, io) => {
        const customer = requireString(values, 'customer');
        return withRuntime(io, values, async ({ deps }) => {
          const result = values.now ? await cancelSubscriptionNow(deps, { customer }) : await cancelSubscription(deps, { customer });
          return finish(io, 'subscriptions cancel', result, ({ raw: _raw, ...s }) =>
            render(io, values.json, s, () =>
              values.now
                ? `Canceled ${s.id} (${customer}) now: status ${s.status}.`
                : `${s.id} (${customer}) cancels at ${s.currentPeriodEnd?.toISOString() ?? 'period end'}.`,
            ),
          );
        });
      },
    },
  ],
);

import { z } from 'zod';
import { ok, type Result } from '../../../core/lib/result.ts';
import { getSubscription } from '../../../reads/billing/get-subscription.ts';
import { cancelSubscription } from '../../../commands/subscriptions/cancel.ts';
import { cancelSubscriptionNow } from '../../../commands/subscriptions/cancel-now.ts';
import { changePlan } from '../../../commands/subscriptions/change-plan.ts';
import { changeSeats } from '../../../commands/subscriptions/change-seats.ts';
import { previewPlanChange } from '../../../commands/subscriptions/preview-change.ts';
import { resumeSubscription } from '../../../commands/subscriptions/resume.ts';
import type { SubscriptionRow } from '../../../stripe-in/mirror/live-subscription.ts';
import { presentSubscription, subscriptionSchema, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';
import type { Principal } from '../../auth/authenticate.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';

const present = (result: Result<SubscriptionRow>) => (result.ok ? ok({ subscription: presentSubscription(result.value) }) : result);
const wrapped = z.object({ subscription: subscriptionSchema });
const changeBody = z.object({
  plan: text(INPUT_LIMITS.key),
  interval: z.enum(['month', 'year']).optional().describe('Default: the current interval'),
  seats: z.number().int().min(1).max(10_000).optional(),
  when: z.enum(['auto', 'now', 'period_end']).optional().describe('auto (default): upgrades now with proration, downgrades at period end'),
});
const changeInput = (customer: string, body: z.infer<typeof changeBody>, principal: Principal) => ({
  customer,
  selfService: !principal.admin,
  plan: body.plan,
  ...(body.interval !== undefined ? { interval: body.interval } : {}),
  ...(body.seats !== undefined ? { seats: body.seats } : {}),
  ...(body.when !== undefined ? { when: body.when } : {}),
});
const example = { body: { customer: 'user_123' } };

/** The customer's subscription: read from the mirror; commands go to Stripe and back through the mirror (src/subscriptions). */
export const subscriptionRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'subscription',
    summary: "The customer's current subscription from the local mirror (null when on the free/default plan)",
    tag: 'Subscription',
    auth: 'customer',
    response: z.object({ subscription: subscriptionSchema.nullable() }),
    example: { query: { customer: 'user_123' } },
    async handler({ deps, customer }) {
      const current = await getSubscription(deps, { externalId: customer });
      if (!current.ok) return current.error.code === 'customer_not_found' ? ok({ subscription: null }) : current;
      return ok({ subscription: current.value ? presentSubscription(current.value) : null });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/cancel',
    summary: 'Cancel at the end of the paid period (at_period_end: false ends it now)',
    tag: 'Subscription',
    auth: 'customer',
    body: z.object({
      at_period_end: z.boolean().optional().describe('Default true'),
      prorate: z.boolean().optional().describe('With at_period_end: false, credit the unused time. Secret key only (a money decision)'),
    }),
    secretOnly: { prorate: true },
    response: wrapped,
    example,
    async handler({ deps, customer, body }) {
      if (body.at_period_end === false)
        return present(await cancelSubscriptionNow(deps, { customer, ...(body.prorate !== undefined ? { prorate: body.prorate } : {}) }));
      return present(await cancelSubscription(deps, { customer }));
    },
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/resume',
    summary: 'Undo a cancelation at period end',
    tag: 'Subscription',
    auth: 'customer',
    response: wrapped,
    example,
    handler: async ({ deps, customer }) => present(await resumeSubscription(deps, { customer })),
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/change/preview',
    summary: 'What a plan change would cost, before making it',
    tag: 'Subscription',
    auth: 'customer',
    body: changeBody,
    example: { body: { customer: 'user_123', plan: 'business' } },
    async handler({ deps, customer, body, principal }) {
      const preview = await previewPlanChange(deps, changeInput(customer, body, principal));
      if (!preview.ok) return preview;
      const p = preview.value;
      return ok({
        ...withFormatted({ ...p }, p.currency, ['amountDue', 'subtotal', 'total', 'prorationAmount']),
        lines: p.lines.map((l) => withFormatted({ ...l }, p.currency, ['amount'])),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/change',
    summary: 'Change plan or interval: upgrades now with proration, downgrades at period end',
    tag: 'Subscription',
    auth: 'customer',
    body: changeBody,
    response: z.object({
      direction: z.enum(['upgrade', 'downgrade']),
      effective: z.enum(['now', 'period_end']),
      effective_at: z.string().nullable().describe('For a change at period end: when it happens'),
      schedule_id: z.string().nullable().describe('For a change at period end: the subscription schedule that carries it'),
      subscription: subscriptionSchema,
    }),
    example: { body: { customer: 'user_123', plan: 'business' } },
    async handler({ deps, customer, body, principal }) {
      const changed = await changePlan(deps, changeInput(customer, body, principal));
      if (!changed.ok) return changed;
      const { subscription, ...rest } = changed.value;
      return ok({ ...rest, subscription: presentSubscription(subscription) });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/seats',
    summary: 'Change the seat count of a per-seat plan (prorated)',
    tag: 'Subscription',
    auth: 'customer',
    body: z.object({ seats: z.number().int().min(1).max(10_000) }),
    response: wrapped,
    example: { body: { customer: 'user_123', seats: 5 } },
    handler: async ({ deps, customer, body }) => present(await changeSeats(deps, { customer, seats: body.seats })),
  }),
];

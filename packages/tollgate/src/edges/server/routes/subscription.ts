import { z } from 'zod';
import { ok, type Result } from '../../../core/lib/result.ts';
import { getSubscription } from '../../../reads/billing/get-subscription.ts';
import { cancelSubscription } from '../../../commands/subscriptions/cancel.ts';
import { cancelSubscriptionNow, cancelSubscriptionNowInput } from '../../../commands/subscriptions/cancel-now.ts';
import { changePlan } from '../../../commands/subscriptions/change-plan.ts';
import { changeSeats, changeSeatsInput } from '../../../commands/subscriptions/change-seats.ts';
import { changePlanInput } from '../../../commands/subscriptions/plan-change.ts';
import { previewPlanChange } from '../../../commands/subscriptions/preview-change.ts';
import { resumeSubscription } from '../../../commands/subscriptions/resume.ts';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import type { SubscriptionRow } from '../../../stripe-in/mirror/live-subscription.ts';
import { presentSubscription, subscriptionSchema, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const present = (result: Result<SubscriptionRow>) => (result.ok ? ok({ subscription: presentSubscription(result.value) }) : result);
const wrapped = z.object({ subscription: subscriptionSchema });
/** What a request may choose of a plan change; `selfService` comes from the credential, the rest is library only. */
const changeBody = snakeSchema(changePlanInput.pick({ plan: true, interval: true, seats: true, when: true }));
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
      prorate: cancelSubscriptionNowInput.shape.prorate.describe('With at_period_end: false, credit the unused time. Secret key only (a money decision)'),
    }),
    secretOnly: { prorate: true },
    response: wrapped,
    example,
    async handler({ deps, input: { atPeriodEnd, ...input } }) {
      return present(atPeriodEnd === false ? await cancelSubscriptionNow(deps, input) : await cancelSubscription(deps, input));
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
    handler: async ({ deps, input }) => present(await resumeSubscription(deps, input)),
  }),
  defineRoute({
    method: 'post',
    path: 'subscription/change/preview',
    summary: 'What a plan change would cost, before making it',
    tag: 'Subscription',
    auth: 'customer',
    body: changeBody,
    example: { body: { customer: 'user_123', plan: 'business' } },
    async handler({ deps, input, principal }) {
      const preview = await previewPlanChange(deps, { ...input, selfService: !principal.admin });
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
    async handler({ deps, input, principal }) {
      const changed = await changePlan(deps, { ...input, selfService: !principal.admin });
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
    body: snakeSchema(changeSeatsInput.pick({ seats: true })),
    response: wrapped,
    example: { body: { customer: 'user_123', seats: 5 } },
    handler: async ({ deps, input }) => present(await changeSeats(deps, input)),
  }),
];

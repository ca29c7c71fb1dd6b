import type Stripe from 'stripe';
import { z } from 'zod';
import { selfServePlan, resolvePlanPrice } from '../checkout/plan-price.ts';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, billingInterval, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { findLiveSubscriptionEverywhere, hadSubscription, type SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { applyAndRead } from './load.ts';

export const startTrialInput = z.object({
  /** The app's id for the customer. */
  customer: appId(),
  plan: text(INPUT_LIMITS.key).describe('A plan key whose config has trialDays and trialWithoutCard'),
  /** Default month. */
  interval: billingInterval().optional(),
  /** A customer choosing (not the operator): hidden plans are not on offer. */
  selfService: z.boolean().optional(),
});
export type StartTrialInput = z.input<typeof startTrialInput>;

/**
 * Starts a plan's free trial with no Checkout and no card: the plan must
 * say `trialWithoutCard` (and `trialDays`), and the customer must never have
 * subscribed (a trial is for first-timers). The trial's length and what
 * happens at its end without a card come from the config only. The
 * subscription is created in Stripe (idempotent per customer, plan and
 * minute) and applied through the mirror, so entitlements follow at once.
 */
export const startTrial = operation(startTrialInput, async (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> => {
  const interval = input.interval ?? 'month';
  const plan = selfServePlan(deps, input.plan, 'plan', { offeredOnly: input.selfService === true });
  if (!plan.ok) return plan;
  const { trialDays, trialWithoutCard } = plan.value;
  if (!trialDays || !trialWithoutCard)
    return err(appError('validation_failed', `plan "${input.plan}" has no trial without a card (set trialDays and trialWithoutCard in the config)`, 'plan'));
  const price = await resolvePlanPrice(deps, input.plan, interval);
  if (!price.ok) return price;
  const customer = await getOrCreateCustomer(deps, { externalId: input.customer });
  if (!customer.ok) return customer;
  const stripeCustomerId = customer.value.customer.stripeCustomerId;
  const live = await findLiveSubscriptionEverywhere(deps, stripeCustomerId);
  if (live)
    return err(
      appError('already_subscribed', `customer "${input.customer}" already has a ${live.status} subscription (${live.planKey ?? live.id})`, 'customer'),
    );
  if (await hadSubscription(deps, stripeCustomerId))
    return err(appError('validation_failed', `customer "${input.customer}" has subscribed before: a trial is for first-time subscribers`, 'customer'));
  const tags = { [METADATA.externalId]: input.customer, [METADATA.plan]: input.plan };
  const params: Stripe.SubscriptionCreateParams = {
    customer: stripeCustomerId,
    items: [{ price: price.value.price.id, quantity: 1 }, ...price.value.overage.map((p) => ({ price: p.id }))],
    trial_period_days: trialDays,
    trial_settings: { end_behavior: { missing_payment_method: trialWithoutCard } },
    payment_settings: { save_default_payment_method: 'on_subscription' },
    metadata: tags,
  };
  const created = await deps.stripe.subscriptions.create(params, { idempotencyKey: sessionIdempotencyKey('trial', deps.clock, params) });
  return ok(await applyAndRead(deps, created));
});

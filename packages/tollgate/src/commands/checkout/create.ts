import type Stripe from 'stripe';
import { z } from 'zod';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { findCustomer } from '../customers/find.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, billingInterval, INPUT_LIMITS, seatCount, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { stripeMetadata } from '../../core/stripe/metadata.ts';
import { findLiveSubscriptionEverywhere, hadSubscription } from '../../stripe-in/mirror/live-subscription.ts';
import { resolvePlanPrice, selfServePlan } from './plan-price.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { seatBoundsProblem, seatTerms } from '../../core/config/seat-sync.ts';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import type { PlanDefinition } from '../../core/config/types.ts';
import { chooseCurrency } from './currency.ts';
import { checkoutSessionFields } from './session-fields.ts';
import { taxParams } from './tax.ts';

/** A subscription's Checkout: a plan (and interval) of the config, or a raw Stripe price (`priceId`); one of the two. */
export const createCheckoutInput = z
  .object({
    ...checkoutSessionFields,
    /** Quantity for per-seat plans (default 1). */
    seats: seatCount().optional(),
    /**
     * The operator's override of the plan's trial (0 = none), for this
     * checkout whatever the customer's history. Without it the config's
     * `trialDays` applies to first-time subscribers only.
     */
    trialDays: z.number().int().min(0).max(730).optional(),
    /** A plan key of the config (an unknown one, even empty, is `plan_not_found`). */
    plan: text(INPUT_LIMITS.key, 0).optional(),
    /** With `plan` (default month). */
    interval: billingInterval().optional(),
    priceId: appId().optional(),
    /**
     * The plan is the customer's choice (it came from a browser): only plans
     * the config offers are accepted, so a hidden plan is `plan_not_self_serve`.
     * The other fields stay the caller's: the HTTP API refuses `price_id`,
     * `trial_days`, `metadata` and `allow_promotion_codes` from customer
     * credentials before calling; an app calling the library sets them from its
     * own server, never from what the browser sent. Default false (the operator chooses).
     */
    selfService: z.boolean().optional(),
    /** App metadata (a tenant id, say), copied to the session and the subscription. */
    metadata: stripeMetadata(3).optional(),
    /** Default: the plan's `promotionCodes` in the config (false for a raw price). */
    allowPromotionCodes: z.boolean().optional(),
    /**
     * Bill in this currency (one of the plan's `currencies`, or the config's).
     * Default: the customer's (see `chooseCurrency`). The operator's choice:
     * the HTTP API refuses it from a customer credential.
     */
    currency: text(INPUT_LIMITS.key).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.plan === undefined) === (input.priceId === undefined)) {
      ctx.addIssue({ code: 'custom', path: [input.plan === undefined ? 'plan' : 'priceId'], message: 'pass either plan (with interval) or priceId' });
    }
  });
type CheckoutFields = Omit<z.input<typeof createCheckoutInput>, 'plan' | 'interval' | 'priceId'>;
/** `createCheckoutInput`'s input, typed as its one-of: a plan (and interval), or a price. */
export type CreateCheckoutInput =
  | (CheckoutFields & { plan: string; interval?: 'month' | 'year' | undefined; priceId?: undefined })
  | (CheckoutFields & { priceId: string; plan?: undefined; interval?: undefined });
type ParsedCheckout = z.output<typeof createCheckoutInput>;

export interface CheckoutSessionRef {
  id: string;
  url: string;
}

interface Resolved {
  items: Stripe.Checkout.SessionCreateParams.LineItem[];
  planKey: string | null;
  plan: PlanDefinition | null;
  interval: BillingInterval;
  planTrialDays: number | undefined;
  planPromotionCodes: boolean;
  perSeat: boolean;
}

async function resolveItems(deps: Deps, input: ParsedCheckout, seats: number | undefined): Promise<Result<Resolved, AppError>> {
  if (input.plan !== undefined) {
    const interval = input.interval ?? 'month';
    const known = selfServePlan(deps, input.plan, 'plan', { offeredOnly: input.selfService === true });
    if (!known.ok) return known;
    if (seats !== undefined && !known.value.perSeat)
      return err(appError('validation_failed', `plan "${input.plan}" is not priced per seat: leave seats out`, 'seats'));
    const bounds = seatBoundsProblem(known.value, seats);
    if (bounds) return err(bounds);
    const resolved = await resolvePlanPrice(deps, input.plan, interval);
    if (!resolved.ok) return resolved;
    const { plan, price, overage } = resolved.value;
    return ok({
      items: [{ price: price.id, quantity: seats ?? (plan.seatSync ? seatTerms(plan.seatSync).minimum : 1) }, ...overage.map((p) => ({ price: p.id }))],
      planKey: input.plan,
      plan,
      interval,
      planTrialDays: plan.trialDays,
      planPromotionCodes: plan.promotionCodes === true,
      perSeat: plan.perSeat === true,
    });
  }
  const priceId = input.priceId ?? '';
  let price: Stripe.Price;
  try {
    price = await deps.stripe.prices.retrieve(priceId);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return err(appError('price_not_found', `no price "${priceId}" in Stripe`, 'priceId'));
    throw e;
  }
  if (!price.active) return err(appError('price_not_found', `price "${price.id}" is archived`, 'priceId'));
  if (price.type !== 'recurring') return err(appError('validation_failed', `price "${price.id}" is one-time: use createPurchaseCheckout`, 'priceId'));
  const metered = price.recurring?.usage_type === 'metered';
  return ok({
    items: [metered ? { price: price.id } : { price: price.id, quantity: seats ?? 1 }],
    planKey: null,
    plan: null,
    interval: 'month',
    planTrialDays: undefined,
    planPromotionCodes: false,
    perSeat: seats !== undefined,
  });
}

/**
 * A hosted Checkout Session for a subscription to a plan (and interval) or a
 * raw Stripe price. Refuses when the customer already has a live
 * subscription (`already_subscribed`: change the plan instead). The Stripe
 * customer is created first (race-safe, by the app's id), so the session,
 * the subscription and the mirror all carry the app's id.
 */
export const createCheckout: (deps: Deps, input: CreateCheckoutInput) => Promise<Result<CheckoutSessionRef, AppError>> = operation(
  createCheckoutInput,
  async (deps: Deps, input): Promise<Result<CheckoutSessionRef, AppError>> => {
    const existing = await findCustomer(deps, input.customer);
    if (existing.ok) {
      const live = await findLiveSubscriptionEverywhere(deps, existing.value.stripeCustomerId);
      if (live) {
        return err(
          appError(
            'already_subscribed',
            `customer "${input.customer}" already has a ${live.status} subscription (${live.planKey ?? live.id}): change its plan instead of checking out again`,
            'customer',
            {
              subscription: live.id,
              plan: live.planKey,
              use: 'changePlan',
            },
          ),
        );
      }
    }
    const resolved = await resolveItems(deps, input, input.seats);
    if (!resolved.ok) return resolved;
    const { plan, planKey, interval } = resolved.value;
    if (input.currency !== undefined && !plan)
      return err(appError('validation_failed', 'currency is chosen for a plan: leave it out with priceId (the price has its currency)', 'currency'));
    const currency = plan && planKey ? chooseCurrency(deps.config, planKey, plan, interval, input.currency, existing.ok ? existing.value : null) : ok(null);
    if (!currency.ok) return currency;

    const customer = await getOrCreateCustomer(deps, { externalId: input.customer, email: input.email });
    if (!customer.ok) return customer;
    const stripeCustomerId = customer.value.customer.stripeCustomerId;
    // The config's trial is for first-time subscribers; only the operator's explicit trialDays overrides that.
    const trialDays = input.trialDays ?? ((await hadSubscription(deps, stripeCustomerId)) ? undefined : resolved.value.planTrialDays);

    const tags: Record<string, string> = { ...input.metadata, [METADATA.externalId]: input.customer };
    if (resolved.value.planKey) tags[METADATA.plan] = resolved.value.planKey;
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'subscription',
      customer: stripeCustomerId,
      client_reference_id: input.customer,
      line_items: resolved.value.items,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      metadata: tags,
      subscription_data: { metadata: tags, ...(trialDays ? { trial_period_days: trialDays } : {}) },
    };
    Object.assign(params, taxParams(deps.config));
    const cardless = trialDays ? plan?.trialWithoutCard : undefined;
    if (cardless && params.subscription_data) {
      // The trial asks for no card; at its end without one, Stripe pauses or cancels as the config says.
      params.payment_method_collection = 'if_required';
      params.subscription_data.trial_settings = { end_behavior: { missing_payment_method: cardless } };
    }
    if (input.allowPromotionCodes ?? resolved.value.planPromotionCodes) params.allow_promotion_codes = true;
    if (currency.value !== null && currency.value !== (deps.config.currency ?? 'usd')) params.currency = currency.value;
    const session = await deps.stripe.checkout.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('checkout', deps.clock, params) });
    if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
    return ok({ id: session.id, url: session.url });
  },
);

import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { findCustomer } from '../customers/find.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { checkEmail, checkId, checkMetadata } from '../customers/validate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { findLiveSubscriptionEverywhere, hadSubscription } from '../../stripe-in/mirror/live-subscription.ts';
import { resolvePlanPrice, selfServePlan } from './plan-price.ts';
import { checkCount, checkInterval, checkUrl } from './validate.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { seatBoundsProblem, seatTerms } from '../../core/config/seat-sync.ts';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import type { PlanDefinition } from '../../core/config/types.ts';
import { chooseCurrency } from './currency.ts';
import { taxParams } from './tax.ts';

interface CheckoutCommon {
  /** The app's id for the buyer (user or organisation). */
  customer: string;
  /**
   * The plan is the customer's choice (it came from a browser): only plans
   * the config offers are accepted, so a hidden plan is `plan_not_self_serve`.
   * The other fields stay the caller's: the HTTP API refuses `price_id`,
   * `trial_days`, `metadata` and `allow_promotion_codes` from customer
   * credentials before calling; an app calling the library sets them from its
   * own server, never from what the browser sent. Default false (the operator chooses).
   */
  selfService?: boolean;
  /** Quantity for per-seat plans (default 1). */
  seats?: number;
  /**
   * The operator's override of the plan's trial (0 = none), for this
   * checkout whatever the customer's history. Without it the config's
   * `trialDays` applies to first-time subscribers only.
   */
  trialDays?: number;
  /** Prefills the new Stripe customer's email. */
  email?: string;
  successUrl: string;
  cancelUrl: string;
  /** App metadata (a tenant id, say), copied to the session and the subscription. */
  metadata?: Record<string, string>;
  /** Default: the plan's `promotionCodes` in the config (false for a raw price). */
  allowPromotionCodes?: boolean;
  /**
   * Bill in this currency (one of the plan's `currencies`, or the config's).
   * Default: the customer's (see `chooseCurrency`). The operator's choice:
   * the HTTP API refuses it from a customer credential.
   */
  currency?: string;
}

export type CreateCheckoutInput =
  | (CheckoutCommon & { plan: string; interval?: 'month' | 'year'; priceId?: undefined })
  | (CheckoutCommon & { priceId: string; plan?: undefined; interval?: undefined });

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

async function resolveItems(deps: Deps, input: CreateCheckoutInput, seats: number | undefined): Promise<Result<Resolved, AppError>> {
  if (input.plan !== undefined) {
    const interval = checkInterval(input.interval);
    if (!interval.ok) return interval;
    const known = selfServePlan(deps, input.plan, 'plan', { offeredOnly: input.selfService === true });
    if (!known.ok) return known;
    if (seats !== undefined && !known.value.perSeat)
      return err(appError('validation_failed', `plan "${input.plan}" is not priced per seat: leave seats out`, 'seats'));
    const bounds = seatBoundsProblem(known.value, seats);
    if (bounds) return err(bounds);
    const resolved = await resolvePlanPrice(deps, input.plan, interval.value);
    if (!resolved.ok) return resolved;
    const { plan, price, overage } = resolved.value;
    return ok({
      items: [{ price: price.id, quantity: seats ?? (plan.seatSync ? seatTerms(plan.seatSync).minimum : 1) }, ...overage.map((p) => ({ price: p.id }))],
      planKey: input.plan,
      plan,
      interval: interval.value,
      planTrialDays: plan.trialDays,
      planPromotionCodes: plan.promotionCodes === true,
      perSeat: plan.perSeat === true,
    });
  }
  const priceId = checkId(input.priceId, 'priceId');
  if (!priceId.ok) return priceId;
  let price: Stripe.Price;
  try {
    price = await deps.stripe.prices.retrieve(priceId.value);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return err(appError('price_not_found', `no price "${priceId.value}" in Stripe`, 'priceId'));
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
export async function createCheckout(deps: Deps, input: CreateCheckoutInput): Promise<Result<CheckoutSessionRef, AppError>> {
  const checks = [
    checkId(input.customer, 'customer'),
    checkUrl(input.successUrl, 'successUrl'),
    checkUrl(input.cancelUrl, 'cancelUrl'),
    checkEmail(input.email),
    checkCount(input.seats, 'seats', 10_000),
    input.trialDays === 0 ? ok(0) : checkCount(input.trialDays, 'trialDays', 730),
  ];
  for (const check of checks) if (!check.ok) return check;
  if ((input.plan === undefined) === (input.priceId === undefined)) {
    return err(appError('validation_failed', 'pass either plan (with interval) or priceId', input.plan === undefined ? 'plan' : 'priceId'));
  }
  const metadata = checkMetadata(input.metadata, 'metadata', 3);
  if (!metadata.ok) return metadata;

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

  const customer = await getOrCreateCustomer(deps, { externalId: input.customer, ...(input.email ? { email: input.email } : {}) });
  if (!customer.ok) return customer;
  const stripeCustomerId = customer.value.customer.stripeCustomerId;
  // The config's trial is for first-time subscribers; only the operator's explicit trialDays overrides that.
  const trialDays = input.trialDays ?? ((await hadSubscription(deps, stripeCustomerId)) ? undefined : resolved.value.planTrialDays);

  const tags: Record<string, string> = { ...metadata.value, [METADATA.externalId]: input.customer };
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
}

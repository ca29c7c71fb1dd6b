import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { type BillingCustomer, findCustomer } from '../customers/find.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { planKeyOfPrice } from '../../stripe-in/mirror/fields.ts';
import { findEndedSince, findLiveSubscription, type SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';

export interface LiveSubscription {
  customer: BillingCustomer;
  /** Stripe's current copy: commands act on it, not on the mirror's. */
  subscription: Stripe.Subscription;
}

/** How long a repeated command counts as a replay of the first (a double click, a client's retry). */
export const REPLAY_WINDOW_MS = 60_000;

/**
 * The customer's live subscription, fetched from Stripe, or `customer_not_found` /
 * `subscription_not_found`. With `orJustEnded`, a subscription the mirror saw end
 * within the replay window stands in for a live one (Stripe's copy says `canceled`),
 * so a command that ends subscriptions answers its own replay.
 */
export async function loadLiveSubscription(
  deps: Deps,
  customerId: string,
  options: { orJustEnded?: boolean } = {},
): Promise<Result<LiveSubscription, AppError>> {
  const customer = await findCustomer(deps, customerId);
  if (!customer.ok) return customer;
  const { stripeCustomerId } = customer.value;
  const row =
    (await findLiveSubscription(deps, stripeCustomerId)) ??
    (options.orJustEnded === true ? await findEndedSince(deps, stripeCustomerId, new Date(deps.clock.now().getTime() - REPLAY_WINDOW_MS)) : undefined);
  if (!row) return err(appError('subscription_not_found', `customer "${customerId}" has no active subscription`, 'customer'));
  const subscription = await deps.stripe.subscriptions.retrieve(row.id);
  return ok({ customer: customer.value, subscription });
}

/** The item that carries the plan: the price whose lookup key or metadata names a plan, else the first licensed item. */
export function planItemOf(subscription: Stripe.Subscription): Stripe.SubscriptionItem | undefined {
  const items = subscription.items.data;
  return items.find((i) => planKeyOfPrice(i.price) !== null) ?? items.find((i) => i.price.recurring?.usage_type !== 'metered') ?? items[0];
}

/**
 * Idempotency key for a command on a subscription: the same change to the
 * same state within a minute is one change (a double click, a retry); the
 * state (`latest_invoice`, items) is part of it, so flipping back and forth
 * is never mistaken for a replay.
 */
export function commandKey(verb: string, deps: Pick<Deps, 'clock'>, subscription: Stripe.Subscription, change: unknown): string {
  const state = {
    id: subscription.id,
    invoice: typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : (subscription.latest_invoice?.id ?? null),
    items: subscription.items.data.map((i) => [i.price.id, i.quantity ?? null]),
    cancel: subscription.cancel_at_period_end,
    schedule: typeof subscription.schedule === 'string' ? subscription.schedule : (subscription.schedule?.id ?? null),
  };
  return sessionIdempotencyKey(verb, deps.clock, { state, change });
}

/** Applies Stripe's answer through the one road and returns the mirrored row. */
export async function applyAndRead(deps: Deps, subscription: Stripe.Subscription): Promise<SubscriptionRow> {
  await applyStripeObject(deps, subscription);
  const [row] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
  if (!row) throw new Error(`subscription ${subscription.id} is not in the mirror after apply`);
  return row;
}

/** A subscription attached to a schedule (a pending downgrade) is released before a direct change. */
export async function releaseSchedule(deps: Deps, subscription: Stripe.Subscription): Promise<void> {
  const schedule = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule?.id;
  if (!schedule) return;
  const released = await deps.stripe.subscriptionSchedules.release(schedule, {}, { idempotencyKey: `tollgate-release-${schedule}` });
  await applyStripeObject(deps, released); // the scheduled change is gone from the mirror's read at once
}

import type Stripe from 'stripe';
import { planVersionOfPrice } from '../../core/config/stripe-keys.ts';
import type { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import type { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { dateOf, idOf, metadataOf, mirrorColumns, planKeyOfPrice, rawOf } from './fields.ts';

export type SubscriptionItemRow = typeof subscriptionItems.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect & { items: SubscriptionItemRow[] | null };

/** The item that carries the plan: a Tollgate plan price, else the first licensed item. */
function planItem(items: Stripe.SubscriptionItem[]): Stripe.SubscriptionItem | undefined {
  return items.find((i) => planKeyOfPrice(i.price) !== null) ?? items.find((i) => i.price.recurring?.usage_type !== 'metered') ?? items[0];
}

/** A recurring discount (not `once`) whose coupon is expanded in the object. */
function recurringCoupon(discounts: Stripe.Subscription['discounts']): Stripe.Coupon | undefined {
  for (const discount of discounts) {
    if (typeof discount === 'string') continue;
    const coupon = discount.source.coupon;
    if (coupon && typeof coupon !== 'string' && coupon.duration !== 'once') return coupon;
  }
  return undefined;
}

export function subscriptionToRow(
  sub: Stripe.Subscription,
  customerId: string | null,
  now: Date,
  prev: SubscriptionRow | undefined,
  /** The licensed items' amount when their prices alone do not say it (mirror/item-amount.ts). */
  listAmount: number | null = null,
): SubscriptionRow {
  const items = sub.items.data;
  const main = planItem(items);
  const licensed = items.filter((i) => i.price.recurring?.usage_type !== 'metered');
  const amount = listAmount ?? licensed.reduce((sum, i) => sum + (i.quantity ?? 1) * (i.price.unit_amount ?? 0), 0);
  const coupon = recurringCoupon(sub.discounts);
  return {
    id: sub.id,
    stripeCustomerId: idOf(sub.customer) ?? '',
    customerId,
    planKey: planKeyOfPrice(main?.price),
    planVersion: planKeyOfPrice(main?.price) === null ? null : planVersionOfPrice(main?.price),
    priceIds: items.map((i) => i.price.id),
    status: sub.status,
    quantity: main?.quantity ?? null,
    interval: main?.price.recurring?.interval ?? null,
    intervalCount: main?.price.recurring?.interval_count ?? null,
    currency: sub.currency,
    amount,
    discountPercentOff: coupon?.percent_off ?? null,
    discountAmountOff: coupon?.amount_off ?? null,
    discounts: sub.discounts.map((d) => (typeof d === 'string' ? d : rawOf(d))),
    currentPeriodStart: dateOf(main?.current_period_start),
    currentPeriodEnd: dateOf(main?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
    cancelAt: dateOf(sub.cancel_at),
    canceledAt: dateOf(sub.canceled_at),
    endedAt: dateOf(sub.ended_at),
    trialStart: dateOf(sub.trial_start),
    trialEnd: dateOf(sub.trial_end),
    startDate: dateOf(sub.start_date),
    // Filled by `subscriptionKind.remember` (apply-kind.ts), which knows when Stripe held this state.
    pastDueSince: null,
    latestInvoiceId: idOf(sub.latest_invoice),
    metadata: metadataOf(sub.metadata),
    ...mirrorColumns(sub, prev, now),
    items: items.map((i) => ({
      id: i.id,
      subscriptionId: sub.id,
      priceId: i.price.id,
      productId: idOf(i.price.product),
      planKey: planKeyOfPrice(i.price),
      lookupKey: i.price.lookup_key,
      quantity: i.price.recurring?.usage_type === 'metered' ? null : (i.quantity ?? null),
      unitAmount: i.price.unit_amount,
      currency: i.price.currency,
      interval: i.price.recurring?.interval ?? null,
      intervalCount: i.price.recurring?.interval_count ?? null,
      usageType: i.price.recurring?.usage_type ?? null,
      currentPeriodStart: dateOf(i.current_period_start),
      currentPeriodEnd: dateOf(i.current_period_end),
      stripeCreated: i.created,
      raw: rawOf(i),
      updatedAt: now,
    })),
  };
}

/**
 * When a subscription entered `past_due`, given its new `status` (held by
 * Stripe at `at`, unix seconds) and the row before, `prev`: kept from `prev`
 * while it stays past due, null once it leaves, and on entering (from another
 * status, or first seen past due) `at`. After a refetch (an event in the
 * second of `prev`, a tie), `carriedAt` is that event's time when it showed
 * the subscription past due already: the refetch found the state the event
 * entered, and is dated by when somebody happened to refetch it.
 *
 * So the time is the state transition's: the `created` of the event that
 * first showed it past due, the ordering time the mirror keeps in
 * `source_at`; a fetched copy (sync, command response) or a refetch that
 * finds it newly past due dates it by the fetch. Stripe's subscription
 * carries no "past due since" field. The failed invoice would be another
 * source (its finalization, when Stripe attempts it), but the latest invoice
 * is not always the one that made the subscription past due, and invoices
 * reach the mirror in any order relative to their subscription, while the
 * event's `created` is the failure itself. A subscription first seen already
 * past due (a sync, or its transition event arriving after a later one)
 * counts from when the mirror first saw it so: the ordering guard refuses
 * older states, so a late event never moves the time.
 */
export function pastDueSinceAfter(
  prev: Pick<SubscriptionRow, 'status' | 'pastDueSince'> | undefined,
  status: string,
  at: number,
  carriedAt?: number,
): Date | null {
  if (status !== 'past_due') return null;
  if (prev?.status === 'past_due') return prev.pastDueSince;
  return new Date((carriedAt ?? at) * 1000);
}

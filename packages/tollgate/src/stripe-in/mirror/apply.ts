import { PgTransaction } from 'drizzle-orm/pg-core';
import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { type ApplyResult, type ApplySource, applyKind } from './apply-kind.ts';
import { settleAfterApply } from '../../licenses/after-apply.ts';
import { applyCharge } from './apply-charge.ts';
import { applyCheckoutSession } from './apply-checkout-session.ts';
import type { MirrorKind, MirrorRow, StripeObjectLike } from './kind.ts';
import { customerKind } from './kind-customer.ts';
import { invoiceKind } from './kind-invoice.ts';
import { paymentMethodKind } from './kind-payment-method.ts';
import { priceKind } from './kind-price.ts';
import { productKind } from './kind-product.ts';
import { subscriptionKind } from './kind-subscription.ts';
import { subscriptionScheduleKind } from './kind-subscription-schedule.ts';
import { alteredNote, storable } from './storable.ts';

export type { ApplyOutcome, ApplyResult, ApplySource } from './apply-kind.ts';

/** Object types `applyStripeObject` mirrors; others are ignored. */
export const MIRRORED_OBJECTS = [
  'customer',
  'subscription',
  'subscription_schedule',
  'invoice',
  'payment_method',
  'product',
  'price',
  'checkout.session',
  'discount',
  'charge',
] as const;

/**
 * The one road by which Stripe state enters the mirror: webhooks, the
 * checkout redirect, command responses and reconciliation all call this.
 *
 * Runs in its own transaction, or inside the caller's when `deps.db` is one
 * (the webhook handler passes its transaction so the event row, the mirror
 * change and the outbox hooks commit together). Ordering: see `decide` in
 * apply-kind.ts. Pass `source.event` for an object carried by an event; a
 * fetched object (a command's response) needs nothing.
 */
export async function applyStripeObject(deps: Deps, object: StripeObjectLike, source: ApplySource = {}): Promise<ApplyResult> {
  const cleaned = storable(object);
  if (cleaned.altered.length > 0) {
    deps.log.warn('stripe object stored altered', { object: object.object, id: object.id, event: source.event?.id, note: alteredNote(cleaned.altered) });
    object = cleaned.value;
  }
  // Already inside the caller's transaction (the webhook path): no savepoint needed.
  if (deps.db instanceof PgTransaction) return applyAndSettle(deps, object, source);
  return deps.db.transaction((tx) => applyAndSettle({ ...deps, db: tx }, object, source));
}

/** The change, then the licenses it concerns (src/licenses), in one transaction. */
async function applyAndSettle(d: Deps, object: StripeObjectLike, source: ApplySource): Promise<ApplyResult> {
  const result = await dispatch(d, object, source);
  if (result.outcome === 'applied') await settleAfterApply(d, object, source.event?.id ?? null);
  return result;
}

/** The objects mirrored row by row (`applyKind`), by Stripe's `object`. */
const KINDS: Record<string, MirrorKind<StripeObjectLike, MirrorRow>> = {
  customer: customerKind,
  subscription: subscriptionKind,
  subscription_schedule: subscriptionScheduleKind,
  invoice: invoiceKind,
  payment_method: paymentMethodKind,
  product: productKind,
  price: priceKind,
};

function dispatch(d: Deps, object: StripeObjectLike, source: ApplySource): Promise<ApplyResult> {
  const kind = KINDS[object.object];
  if (kind) return applyKind(d, kind, object, source);
  switch (object.object) {
    case 'checkout.session':
      return applyCheckoutSession(d, object as Stripe.Checkout.Session, source);
    case 'discount':
      return applyDiscount(d, object as Stripe.Discount, source);
    case 'charge':
      return applyCharge(d, object as Stripe.Charge, source);
    default:
      return Promise.resolve({ outcome: 'ignored', object: object.object, id: object.id, refetched: false, hooks: [] });
  }
}

/** A subscription's discount changed: the subscription's figures changed, so fetch it. */
async function applyDiscount(deps: Deps, discount: Stripe.Discount, source: ApplySource): Promise<ApplyResult> {
  const subscriptionId = discount.subscription;
  if (!subscriptionId || source.refetch === false) return { outcome: 'ignored', object: 'discount', id: discount.id, refetched: false, hooks: [] };
  const fresh = storable(await deps.stripe.subscriptions.retrieve(subscriptionId)).value;
  const result = await applyKind(deps, subscriptionKind, fresh, {});
  return { ...result, refetched: true };
}

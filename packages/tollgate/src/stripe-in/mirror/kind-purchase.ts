import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import { grantPurchasedCredits } from '../../usage/credits/grant-purchase.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';
import { idOf, metadataOf, mirrorColumns } from './fields.ts';
import { type Gone, isGone, retrieveOrGone } from './kind.ts';
import { customerIdFor } from './kind-subscription.ts';
import { rowById, tableKind } from './upsert.ts';

export type PurchaseRow = typeof purchases.$inferSelect;
// Refunds are written by mirror/apply-charge.ts alone: a session's apply never moves them.
const ROWS = rowById(purchases, ['id', 'createdAt', 'amountRefunded', 'refundedAt']);
const PAID = new Set(['paid', 'no_payment_required']);

/** The app's id for the buyer of a Checkout Session. */
export function externalIdOfSession(session: Stripe.Checkout.Session): string | null {
  return session.client_reference_id ?? session.metadata?.[METADATA.externalId] ?? null;
}

function completed(row: PurchaseRow | undefined): boolean {
  return row !== undefined && row.status === 'complete' && PAID.has(row.paymentStatus);
}

function purchaseHooks(prev: PurchaseRow | undefined, next: PurchaseRow): HookDraft[] {
  if (!completed(next) || completed(prev)) return [];
  const purchase = {
    id: next.id,
    stripeCustomerId: next.stripeCustomerId,
    externalId: next.externalId,
    productKey: next.productKey,
    priceId: next.priceId,
    currency: next.currency,
    amountTotal: next.amountTotal,
    metadata: next.metadata,
  };
  return [{ type: 'purchase.completed', objectId: next.id, stripeCustomerId: next.stripeCustomerId, payload: { purchase } }];
}

/** One-time purchases: Checkout Sessions in `payment` mode. */
export const purchaseKind = tableKind<Stripe.Checkout.Session, PurchaseRow>(ROWS, {
  name: 'checkout_session',
  async toRow(deps, object: Stripe.Checkout.Session | Gone, prev) {
    if (isGone(object)) return null;
    const session = object;
    if (session.mode !== 'payment') return null;
    const now = deps.clock.now();
    const metadata = metadataOf(session.metadata);
    const price = session.line_items?.data[0]?.price ?? null;
    const parsed = parseLookupKey(price?.lookup_key);
    const stripeCustomerId = idOf(session.customer);
    const isComplete = session.status === 'complete' && PAID.has(session.payment_status);
    return {
      id: session.id,
      stripeCustomerId,
      customerId: prev?.customerId ?? (await customerIdFor(deps, stripeCustomerId)),
      externalId: externalIdOfSession(session),
      productKey: metadata[METADATA.product] ?? (parsed?.kind === 'product' ? parsed.product : null),
      priceId: price?.id ?? null,
      paymentIntentId: idOf(session.payment_intent),
      status: session.status ?? 'open',
      paymentStatus: session.payment_status,
      currency: session.currency,
      amountTotal: session.amount_total,
      metadata,
      completedAt: prev?.completedAt ?? (isComplete ? now : null),
      amountRefunded: prev?.amountRefunded ?? 0,
      refundedAt: prev?.refundedAt ?? null,
      ...mirrorColumns(session, prev, now),
    };
  },
  rank: (row) => (row.status === 'open' ? 0 : 2) + (PAID.has(row.paymentStatus) ? 1 : 0),
  async save(deps, row) {
    await ROWS.save(deps, row);
    // A paid credit purchase grants its credits in this same transaction (src/credits).
    await grantPurchasedCredits(deps, row);
  },
  retrieve: (stripe, id) => retrieveOrGone('checkout.session', id, () => stripe.checkout.sessions.retrieve(id)),
  hooks: purchaseHooks,
});

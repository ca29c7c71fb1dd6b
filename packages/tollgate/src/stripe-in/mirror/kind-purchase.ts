import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import { grantPurchasedCredits } from '../../usage/credits/grant-purchase.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';
import { idOf, metadataOf, rawOf } from './fields.ts';
import { type Gone, isGone, type MirrorKind, retrieveOrGone } from './kind.ts';
import { customerIdFor } from './kind-subscription.ts';
import { excludedSet } from './upsert.ts';

export type PurchaseRow = typeof purchases.$inferSelect;
// Refunds are written by mirror/apply-charge.ts alone: a session's apply never moves them.
const SET = excludedSet(purchases, ['id', 'createdAt', 'amountRefunded', 'refundedAt']);
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
export const purchaseKind: MirrorKind<Stripe.Checkout.Session, PurchaseRow> = {
  name: 'checkout_session',
  async load(deps, id) {
    const [row] = await deps.db.select().from(purchases).where(eq(purchases.id, id));
    return row;
  },
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
      livemode: session.livemode,
      stripeCreated: session.created,
      sourceAt: 0,
      raw: rawOf(session),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
  },
  rank: (row) => (row.status === 'open' ? 0 : 2) + (PAID.has(row.paymentStatus) ? 1 : 0),
  async save(deps, row) {
    await deps.db.insert(purchases).values(row).onConflictDoUpdate({ target: purchases.id, set: SET });
    // A paid credit purchase grants its credits in this same transaction (src/credits).
    await grantPurchasedCredits(deps, row);
  },
  retrieve: (stripe, id) => retrieveOrGone('checkout.session', id, () => stripe.checkout.sessions.retrieve(id)),
  hooks: purchaseHooks,
};

import { eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { purchases } from '../../core/db/schema/purchases.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type ApplyResult, type ApplySource, applyKind } from './apply-kind.ts';
import { idOf } from './fields.ts';
import type { StripeObjectLike } from './kind.ts';
import { purchaseKind } from './kind-purchase.ts';
import { lockKeys, objectLockKeys } from './lock.ts';
import { storable } from './storable.ts';

/**
 * A refunded charge (`charge.refunded`): the purchase its payment intent
 * paid records the amount refunded (never less than before, whatever order
 * the events come in) and, once refunded in full, when. A refund of a
 * purchase the mirror has not seen yet fetches its Checkout Session first
 * (found by payment intent), so a refund that overtakes the session's
 * webhook is not lost. Charges of subscriptions' invoices are not purchases:
 * ignored, as are charges without refunds.
 */
export async function applyCharge(deps: Deps, charge: Stripe.Charge, source: ApplySource): Promise<ApplyResult> {
  const result: ApplyResult = { outcome: 'ignored', object: 'charge', id: charge.id, refetched: false, hooks: [] };
  const intent = idOf(charge.payment_intent);
  if (!intent || charge.amount_refunded <= 0) return result;
  const find = async () =>
    (await deps.db.select({ id: purchases.id, customer: purchases.stripeCustomerId }).from(purchases).where(eq(purchases.paymentIntentId, intent)))[0];
  let purchase = await find();
  if (!purchase && source.refetch !== false) {
    const [session] = (await deps.stripe.checkout.sessions.list({ payment_intent: intent, limit: 1 })).data;
    if (!session || session.mode !== 'payment') return result;
    await applyKind(deps, purchaseKind, storable(session).value, {});
    result.refetched = true;
    purchase = await find();
  }
  if (!purchase) return result;
  // The purchase's own lock: its session's apply and this refund never interleave.
  const session: StripeObjectLike & { customer: string | null } = { id: purchase.id, object: 'checkout.session', customer: purchase.customer };
  await lockKeys(deps, objectLockKeys(purchaseKind.name, session));
  const at = source.event ? new Date(source.event.created * 1000) : deps.clock.now();
  await deps.db
    .update(purchases)
    .set({
      amountRefunded: sql`greatest(${purchases.amountRefunded}, ${charge.amount_refunded})`,
      refundedAt: charge.refunded ? sql`coalesce(${purchases.refundedAt}, ${at.toISOString()}::timestamptz)` : sql`${purchases.refundedAt}`,
      updatedAt: deps.clock.now(),
    })
    .where(eq(purchases.id, purchase.id));
  return { ...result, outcome: 'applied' };
}

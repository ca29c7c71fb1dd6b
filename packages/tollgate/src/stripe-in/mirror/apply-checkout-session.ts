import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { type ApplyResult, type ApplySource, applyKind } from './apply-kind.ts';
import { idOf } from './fields.ts';
import { externalIdOfSession, purchaseKind } from './kind-purchase.ts';
import { subscriptionKind } from './kind-subscription.ts';
import { linkCustomer } from './link-customer.ts';
import { customerExternalKey, lockKeys } from './lock.ts';
import { storable } from './storable.ts';

/**
 * A Checkout Session links the app's customer id to the Stripe customer, then
 * becomes a purchase (`payment` mode) or brings its subscription in
 * (`subscription` mode, fetched from Stripe: the session only names it).
 */
export async function applyCheckoutSession(deps: Deps, session: Stripe.Checkout.Session, source: ApplySource): Promise<ApplyResult> {
  const externalId = externalIdOfSession(session);
  const stripeCustomerId = idOf(session.customer);
  if (externalId && stripeCustomerId && session.status === 'complete') {
    // Both locks at once, sorted, as every other writer of this customer takes them (no deadlock).
    await lockKeys(deps, [customerExternalKey(externalId), `customer:${stripeCustomerId}`]);
    await linkCustomer(deps, externalId, stripeCustomerId);
  }
  if (session.mode === 'payment') return applyKind(deps, purchaseKind, session, source);
  const result: ApplyResult = { outcome: 'ignored', object: session.object, id: session.id, refetched: false, hooks: [] };
  if (session.mode !== 'subscription' || session.status !== 'complete' || !session.subscription) return result;
  const subscription =
    typeof session.subscription === 'string'
      ? source.refetch === false
        ? null
        : storable(await deps.stripe.subscriptions.retrieve(session.subscription)).value
      : session.subscription;
  if (!subscription) return result;
  const applied = await applyKind(deps, subscriptionKind, subscription, { refetch: source.refetch });
  return { ...result, outcome: 'applied', refetched: typeof session.subscription === 'string', hooks: applied.hooks };
}

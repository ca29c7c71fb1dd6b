import type { Deps } from '../core/lib/deps.ts';
import { idOf } from '../stripe-in/mirror/fields.ts';
import type { StripeObjectLike } from '../stripe-in/mirror/kind.ts';
import { stripeCustomerOf } from '../stripe-in/mirror/lock.ts';
import { settleLicenses } from './settle.ts';

const CONCERNED = new Set(['customer', 'subscription', 'checkout.session', 'charge', 'discount']);

/**
 * After `applyStripeObject` changed the mirror: settles the licenses the
 * object may concern (its customer's; a payment-mode session's purchase; a
 * refunded charge's purchase), in the same transaction.
 */
export function settleAfterApply(deps: Deps, object: StripeObjectLike, eventId: string | null): Promise<void> {
  // Invoices, payment methods, products and prices never change a license (a subscription's status does).
  if (!CONCERNED.has(object.object)) return Promise.resolve();
  const customer = stripeCustomerOf(object);
  const raw = object as { mode?: unknown; payment_intent?: string | { id: string } | null };
  const purchaseIds = object.object === 'checkout.session' && raw.mode === 'payment' ? [object.id] : [];
  const intent = object.object === 'charge' ? idOf(raw.payment_intent) : null;
  return settleLicenses(deps, { stripeCustomerIds: customer ? [customer] : [], purchaseIds, paymentIntentIds: intent ? [intent] : [], eventId });
}

import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { getCharge } from '../charges/charges.ts';

export interface RefundInput {
  charge?: string;
  payment_intent?: string;
  amount?: number;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  metadata?: Record<string, string> | '';
  instructions_email?: string;
}

export function getRefund(em: Emulator, id: string, param = 'refund'): Stripe.Refund {
  const refund = em.db.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id, param);
  return refund;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

/** The charge a refund request names: `charge`, or the latest charge of `payment_intent`. */
function chargeToRefund(em: Emulator, input: RefundInput): Stripe.Charge {
  if (input.charge === undefined && input.payment_intent === undefined)
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
  if (input.charge !== undefined) {
    const charge = getCharge(em, input.charge, 'charge');
    if (input.payment_intent !== undefined && idOf(charge.payment_intent) !== input.payment_intent)
      throw invalidRequest(`The charge ${charge.id} does not belong to the PaymentIntent ${input.payment_intent}.`, 'payment_intent');
    return charge;
  }
  const pi = em.db.paymentIntents.get(input.payment_intent!);
  if (!pi) throw resourceMissing('payment_intent', input.payment_intent!, 'payment_intent');
  const chargeId = idOf(pi.latest_charge);
  const charge = chargeId ? em.db.charges.get(chargeId) : undefined;
  if (!charge || charge.status !== 'succeeded')
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
  return charge;
}

/**
 * Refunds all or part of a succeeded charge. The refund succeeds at once: `refund.created`, then
 * `charge.refunded` with the charge's new `amount_refunded` (`refunded` once nothing is left).
 */
export function createRefund(em: Emulator, input: RefundInput): Stripe.Refund {
  const charge = chargeToRefund(em, input);
  if (!charge.captured)
    throw invalidRequest(
      `Charge ${charge.id} has not been captured; cancel its PaymentIntent instead of refunding it.`,
      input.charge !== undefined ? 'charge' : 'payment_intent',
      'charge_not_refundable',
    );
  const left = charge.amount_captured - charge.amount_refunded;
  if (left <= 0)
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, input.charge !== undefined ? 'charge' : 'payment_intent', 'charge_already_refunded');
  const amount = input.amount ?? left;
  if (amount > left) throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left}).`, 'amount', 'amount_too_large');
  const customer = idOf(charge.customer);
  const at = em.timeFor(customer ? em.db.customers.get(customer)?.test_clock : null);
  const refund: Stripe.Refund = {
    id: em.ids.next('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: at,
    currency: charge.currency,
    customer,
    customer_account: null,
    destination_details: { type: 'card', card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } },
    metadata: initialMetadata(input.metadata),
    payment_intent: idOf(charge.payment_intent),
    payment_method: charge.payment_method,
    reason: input.reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
    ...(input.instructions_email !== undefined ? { instructions_email: input.instructions_email } : {}),
  };
  em.db.refunds.put(refund);
  em.emit('refund.created', refund, { at });
  const refunded = charge.amount_refunded + amount;
  const after: Stripe.Charge = { ...charge, amount_refunded: refunded, refunded: refunded >= charge.amount_captured };
  em.db.charges.put(after);
  em.emit('charge.refunded', after, { previous: { amount_refunded: charge.amount_refunded, refunded: charge.refunded }, at });
  return refund;
}

/** Metadata changes (`refund.updated` and `charge.refund.updated`). */
export function updateRefund(em: Emulator, id: string, metadata: Stripe.Metadata): Stripe.Refund {
  const before = getRefund(em, id, 'refund');
  const after: Stripe.Refund = { ...before, metadata };
  em.db.refunds.put(after);
  em.emit('refund.updated', after, { previous: { metadata: before.metadata } });
  em.emit('charge.refund.updated', after, { previous: { metadata: before.metadata } });
  return after;
}

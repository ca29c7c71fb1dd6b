import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';

export function getCharge(em: Emulator, id: string, param = 'charge'): Stripe.Charge {
  const charge = em.db.charges.get(id);
  if (!charge) throw resourceMissing('charge', id, param);
  return charge;
}

export interface ChargeAttempt {
  pi: Stripe.PaymentIntent;
  paymentMethod: string;
  /** null when the charge succeeded. */
  failure: { code: string; message: string; declineCode: string | null } | null;
  captured: boolean;
  at: number;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

function cardDetails(pm: Stripe.PaymentMethod | undefined, amount: number): Stripe.Charge.PaymentMethodDetails {
  const card = pm?.card;
  return {
    type: 'card',
    card: {
      amount_authorized: amount,
      authorization_code: null,
      brand: card?.brand ?? null,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: card?.checks?.cvc_check ?? null },
      country: card?.country ?? null,
      electronic_commerce_indicator: null,
      exp_month: card?.exp_month ?? 12,
      exp_year: card?.exp_year ?? 2099,
      fingerprint: card?.fingerprint ?? null,
      funding: card?.funding ?? null,
      installments: null,
      last4: card?.last4 ?? null,
      mandate: null,
      network: card?.brand ?? null,
      network_transaction_id: null,
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
  };
}

/**
 * Records the charge behind a payment attempt (`charge.succeeded` or `charge.failed`) and returns
 * it; the payment intent's `latest_charge` points at it.
 */
export function recordCharge(em: Emulator, attempt: ChargeAttempt): Stripe.Charge {
  const { pi, failure, at } = attempt;
  const pm = em.db.paymentMethods.get(attempt.paymentMethod);
  const succeeded = failure === null;
  const charge: Stripe.Charge = {
    id: em.ids.next('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: succeeded && attempt.captured ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm ? { ...pm.billing_details } : { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'STRIPE EMULATOR',
    captured: succeeded && attempt.captured,
    created: at,
    currency: pi.currency,
    customer: idOf(pi.customer),
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: succeeded
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'Payment complete.',
          type: 'authorized',
        }
      : {
          advice_code: 'try_again_later',
          network_advice_code: null,
          network_decline_code: null,
          network_status: 'declined_by_network',
          reason: failure.declineCode ?? failure.code,
          risk_level: 'normal',
          risk_score: 20,
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: attempt.paymentMethod,
    payment_method_details: cardDetails(pm, pi.amount),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: succeeded ? `${em.publicUrl}/receipts/${pi.id}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
  em.db.charges.put(charge);
  em.emit(succeeded ? 'charge.succeeded' : 'charge.failed', charge, { at });
  return charge;
}

/** A manual-capture charge captured (`charge.captured`). */
export function captureCharge(em: Emulator, id: string, amount: number, at: number): Stripe.Charge {
  const before = getCharge(em, id);
  const after: Stripe.Charge = { ...before, captured: true, amount_captured: amount };
  em.db.charges.put(after);
  em.emit('charge.captured', after, { previous: { captured: false, amount_captured: before.amount_captured }, at });
  return after;
}

import type Stripe from 'stripe';
import { cardError, invalidRequest, keepingChanges, resourceMissing, type StripeApiError } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { captureCharge, recordCharge } from '../charges/charges.ts';
import { confirmingPaymentMethod, type IntentInput, newIntent } from '../payment-methods/intents.ts';
import { behaviorOf, declineError } from '../payment-methods/payment-methods.ts';

export interface PaymentIntentInput extends IntentInput {
  amount: number;
  currency: string;
  setup_future_usage?: 'off_session' | 'on_session';
  capture_method?: 'automatic' | 'automatic_async' | 'manual';
  receipt_email?: string;
}

export function getPaymentIntent(em: Emulator, id: string, param = 'intent'): Stripe.PaymentIntent {
  const pi = em.db.paymentIntents.get(id);
  if (!pi) throw resourceMissing('payment_intent', id, param);
  return pi;
}

function atOf(em: Emulator, customer: string | null): number {
  return em.timeFor(customer ? em.db.customers.get(customer)?.test_clock : null);
}

export function createPaymentIntent(em: Emulator, input: PaymentIntentInput): Stripe.PaymentIntent {
  const intent = newIntent(em, 'payment_intent', input);
  // A literal that opens with a spread and goes on with more fields is many times slower to
  // build in V8 (Node 20): naming the first fields keeps creation fast (and id, object first).
  const { id, object, ...shared } = intent;
  const pi: Stripe.PaymentIntent = {
    id,
    object,
    ...shared,
    amount: input.amount,
    amount_details: { tip: {} },
    amount_capturable: 0,
    amount_received: 0,
    application_fee_amount: null,
    canceled_at: null,
    capture_method: input.capture_method ?? 'automatic_async',
    confirmation_method: 'automatic',
    created: atOf(em, intent.customer),
    currency: input.currency.toLowerCase(),
    customer_account: null,
    last_payment_error: null,
    latest_charge: null,
    managed_payments: null,
    payment_record: null,
    processing: null,
    receipt_email: input.receipt_email ?? null,
    review: null,
    setup_future_usage: input.setup_future_usage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_data: null,
    transfer_group: null,
  };
  em.db.paymentIntents.put(pi);
  em.emit('payment_intent.created', pi, { at: pi.created });
  return pi;
}

export interface ConfirmOptions {
  payment_method?: string;
  off_session?: boolean;
  return_url?: string;
}

/**
 * Charges the payment intent's card with its test outcome. Never throws for a decline: the
 * failed intent (status `requires_payment_method`, `last_payment_error`) is returned, so
 * invoices can record it; routes turn it into a 402 with `paymentIntentError`.
 */
export function confirmPaymentIntent(em: Emulator, id: string, options: ConfirmOptions = {}): Stripe.PaymentIntent {
  let pi = getPaymentIntent(em, id);
  if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation' && pi.status !== 'requires_action') {
    throw invalidRequest(`This PaymentIntent's status is ${pi.status}, so it cannot be confirmed.`, undefined, 'payment_intent_unexpected_state');
  }
  const customer = typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
  const pmId = confirmingPaymentMethod(em, options.payment_method, pi.payment_method);
  if (pmId === null) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. Specify a payment method to confirm it with.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  }
  const at = atOf(em, customer);
  const behavior = behaviorOf(em, pmId);
  const before = pi;
  if (behavior.charge === 'succeed') {
    const manual = pi.capture_method === 'manual';
    const charge = recordCharge(em, { pi, paymentMethod: pmId, failure: null, captured: !manual, at });
    pi = {
      ...pi,
      payment_method: pmId,
      status: manual ? 'requires_capture' : 'succeeded',
      amount_received: manual ? 0 : pi.amount,
      amount_capturable: manual ? pi.amount : 0,
      last_payment_error: null,
      next_action: null,
      latest_charge: charge.id,
    };
    em.db.paymentIntents.put(pi);
    em.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', pi, { at, previous: { status: before.status } });
    return pi;
  }
  if (behavior.charge === 'require_action' && !options.off_session) {
    const nextAction: Stripe.PaymentIntent.NextAction = {
      type: 'use_stripe_sdk',
      use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${em.publicUrl}/3ds/${pi.id}` },
    };
    pi = { ...pi, payment_method: pmId, status: 'requires_action', next_action: nextAction, last_payment_error: null };
    em.db.paymentIntents.put(pi);
    em.emit('payment_intent.requires_action', pi, { at, previous: { status: before.status } });
    return pi;
  }
  const pm = em.db.paymentMethods.get(pmId);
  const error: Stripe.PaymentIntent.LastPaymentError =
    behavior.charge === 'require_action'
      ? {
          type: 'card_error',
          code: 'authentication_required',
          decline_code: 'authentication_required',
          message: 'Your card was declined. This transaction requires authentication.',
          ...(pm ? { payment_method: pm } : {}),
        }
      : {
          type: 'card_error',
          code: behavior.errorCode,
          decline_code: behavior.declineCode ?? 'generic_decline',
          message: declineError(behavior).message,
          ...(pm ? { payment_method: pm } : {}),
        };
  const charge = recordCharge(em, {
    pi,
    paymentMethod: pmId,
    failure: { code: error.code ?? 'card_declined', message: error.message ?? 'Your card was declined.', declineCode: error.decline_code ?? null },
    captured: false,
    at,
  });
  pi = {
    ...pi,
    payment_method: null,
    status: 'requires_payment_method',
    last_payment_error: { ...error, charge: charge.id },
    next_action: null,
    latest_charge: charge.id,
  };
  em.db.paymentIntents.put(pi);
  em.emit('payment_intent.payment_failed', pi, { at, previous: { status: before.status } });
  return pi;
}

/** The 402 a client sees for a failed confirmation; the failed intent stays recorded. */
export function paymentIntentError(pi: Stripe.PaymentIntent): StripeApiError {
  const e = pi.last_payment_error;
  const charge = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  return keepingChanges(
    cardError(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code ?? null, {
      ...(charge ? { charge } : {}),
      payment_intent: pi,
    }),
  );
}

export function cancelPaymentIntent(em: Emulator, id: string, reason?: Stripe.PaymentIntent.CancellationReason): Stripe.PaymentIntent {
  const before = getPaymentIntent(em, id);
  if (before.status === 'succeeded' || before.status === 'canceled') {
    throw invalidRequest(`You cannot cancel this PaymentIntent because it has a status of ${before.status}.`, undefined, 'payment_intent_unexpected_state');
  }
  const customer = typeof before.customer === 'string' ? before.customer : (before.customer?.id ?? null);
  const at = atOf(em, customer);
  const after: Stripe.PaymentIntent = { ...before, status: 'canceled', canceled_at: at, cancellation_reason: reason ?? null, next_action: null };
  em.db.paymentIntents.put(after);
  em.emit('payment_intent.canceled', after, { at, previous: { status: before.status } });
  return after;
}

export function capturePaymentIntent(em: Emulator, id: string, amount?: number): Stripe.PaymentIntent {
  const before = getPaymentIntent(em, id);
  if (before.status !== 'requires_capture')
    throw invalidRequest(`This PaymentIntent could not be captured because it has a status of ${before.status}.`, undefined, 'payment_intent_unexpected_state');
  const customer = typeof before.customer === 'string' ? before.customer : (before.customer?.id ?? null);
  const at = atOf(em, customer);
  const received = amount ?? before.amount;
  if (amount !== undefined && amount > before.amount_capturable)
    throw invalidRequest(
      `The amount to capture (${amount}) is greater than the amount capturable (${before.amount_capturable}).`,
      'amount_to_capture',
      'amount_too_large',
    );
  const charge = typeof before.latest_charge === 'string' ? before.latest_charge : (before.latest_charge?.id ?? null);
  if (charge) captureCharge(em, charge, received, at);
  const after: Stripe.PaymentIntent = { ...before, status: 'succeeded', amount_capturable: 0, amount_received: received };
  em.db.paymentIntents.put(after);
  em.emit('payment_intent.succeeded', after, { at, previous: { status: before.status } });
  return after;
}

/** Completes 3-D Secure for an intent waiting on it (what the customer does in the browser). */
export function authenticatePaymentIntent(em: Emulator, id: string, succeed: boolean): Stripe.PaymentIntent {
  const before = getPaymentIntent(em, id);
  if (before.status !== 'requires_action')
    throw invalidRequest(`This PaymentIntent does not require authentication (status ${before.status}).`, undefined, 'payment_intent_unexpected_state');
  const customer = typeof before.customer === 'string' ? before.customer : (before.customer?.id ?? null);
  const at = atOf(em, customer);
  const pmId = typeof before.payment_method === 'string' ? before.payment_method : (before.payment_method?.id ?? null);
  const charge =
    succeed && pmId ? recordCharge(em, { pi: before, paymentMethod: pmId, failure: null, captured: before.capture_method !== 'manual', at }) : null;
  const after: Stripe.PaymentIntent = succeed
    ? { ...before, status: 'succeeded', amount_received: before.amount, next_action: null, latest_charge: charge?.id ?? before.latest_charge }
    : {
        ...before,
        status: 'requires_payment_method',
        payment_method: null,
        next_action: null,
        last_payment_error: {
          type: 'card_error',
          code: 'payment_intent_authentication_failure',
          message: 'The provided PaymentMethod has failed authentication.',
        },
      };
  em.db.paymentIntents.put(after);
  em.emit(succeed ? 'payment_intent.succeeded' : 'payment_intent.payment_failed', after, { at, previous: { status: before.status } });
  if (succeed) for (const hook of em.hooks.paymentIntentSucceeded) hook(after);
  return after;
}

import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { confirmPaymentIntent, createPaymentIntent } from '../payment-intents/payment-intents.ts';
import { customerIdOf, getInvoice, markPaid, saveInvoice, subscriptionIdOf } from './invoices.ts';

export type PaymentOutcome = 'paid' | 'failed' | 'requires_action';

const DAY = 86_400;

/** The payment method an invoice is charged with: its own, its subscription's, then the customer's default. */
export function paymentMethodFor(em: Emulator, invoice: Stripe.Invoice): string | null {
  const own = invoice.default_payment_method;
  if (own) return typeof own === 'string' ? own : own.id;
  const subId = subscriptionIdOf(invoice);
  const sub = subId ? em.db.subscriptions.get(subId) : undefined;
  if (sub?.default_payment_method) return typeof sub.default_payment_method === 'string' ? sub.default_payment_method : sub.default_payment_method.id;
  const customer = em.db.customers.get(customerIdOf(invoice));
  const dpm = customer?.invoice_settings.default_payment_method;
  if (dpm) return typeof dpm === 'string' ? dpm : dpm.id;
  return null;
}

/** The id of an invoice's default payment: derived from the invoice id, so it is found without a scan. */
export function invoicePaymentId(invoiceId: string): string {
  return `inpay_${invoiceId.slice(invoiceId.indexOf('_') + 1)}`;
}

/** The invoice's payment intent, created on first use and recorded as an invoice payment (its `confirmation_secret`). */
export function paymentIntentFor(em: Emulator, invoice: Stripe.Invoice, at: number): Stripe.PaymentIntent {
  const paymentId = invoicePaymentId(invoice.id);
  const existing = em.db.invoicePayments.get(paymentId);
  if (existing?.payment.payment_intent) {
    const piId = typeof existing.payment.payment_intent === 'string' ? existing.payment.payment_intent : existing.payment.payment_intent.id;
    const pi = em.db.paymentIntents.get(piId);
    if (pi && pi.status !== 'canceled' && pi.status !== 'succeeded') {
      if (pi.amount === invoice.amount_remaining) return pi;
      // The invoice owes less now (a credit note reduced it): the open intent asks for what is left.
      const resized: Stripe.PaymentIntent = { ...pi, amount: invoice.amount_remaining };
      em.db.paymentIntents.put(resized);
      const amount = em.db.invoicePayments.get(paymentId);
      if (amount) em.db.invoicePayments.put({ ...amount, amount_requested: invoice.amount_remaining });
      return resized;
    }
  }
  const pi = createPaymentIntent(em, {
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    customer: customerIdOf(invoice),
    description: invoice.number ? `Invoice ${invoice.number}` : undefined,
  });
  const payment: Stripe.InvoicePayment = {
    id: paymentId,
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: invoice.amount_remaining,
    created: at,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: pi.id },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  em.db.invoicePayments.put(payment);
  return pi;
}

/** When the next automatic retry happens after `attemptCount` failures (null when retries are exhausted). */
export function nextRetryAt(em: Emulator, invoice: Stripe.Invoice, attemptCount: number): number | null {
  if (invoice.collection_method !== 'charge_automatically' || !invoice.auto_advance) return null;
  const days = em.options.invoiceRetryDays ?? [3, 5, 7];
  const offset = days[attemptCount - 1];
  if (offset === undefined) return null;
  return (invoice.status_transitions.finalized_at ?? invoice.created) + offset * DAY;
}

/**
 * Attempts to collect an open invoice with its payment method's test-card outcome.
 * Records the attempt (attempt_count, next_payment_attempt, events) and returns the outcome.
 */
export function attemptInvoicePayment(
  em: Emulator,
  id: string,
  at: number,
  options: { paymentMethod?: string; offSession?: boolean } = {},
): { invoice: Stripe.Invoice; outcome: PaymentOutcome; paymentIntent: Stripe.PaymentIntent | null } {
  const start = getInvoice(em, id);
  if (start.status !== 'open') throw invalidRequest(`Invoice is already ${start.status}.`, undefined, 'invoice_not_editable');
  if (start.amount_remaining === 0) return { invoice: markPaid(em, start, at, null), outcome: 'paid', paymentIntent: null };
  const pm = options.paymentMethod ?? paymentMethodFor(em, start);
  const attempts = start.attempt_count + 1;
  if (pm === null) {
    const after: Stripe.Invoice = { ...start, attempted: true, attempt_count: attempts, next_payment_attempt: nextRetryAt(em, start, attempts) };
    saveInvoice(em, start, after, 'invoice.payment_failed', at);
    for (const hook of em.hooks.invoicePaymentAttempted) hook(after, 'failed');
    return { invoice: after, outcome: 'failed', paymentIntent: null };
  }
  const pi = paymentIntentFor(em, start, at);
  const result = confirmPaymentIntent(em, pi.id, { payment_method: pm, off_session: options.offSession ?? false });
  const current = getInvoice(em, id);
  if (result.status === 'succeeded') {
    const payment = em.db.invoicePayments.get(invoicePaymentId(id));
    if (payment && payment.payment.payment_intent === pi.id) {
      em.db.invoicePayments.put({
        ...payment,
        status: 'paid',
        amount_paid: result.amount_received,
        status_transitions: { ...payment.status_transitions, paid_at: at },
      });
    }
    const paid = markPaid(em, { ...current, attempt_count: attempts, attempted: true }, at, pi.id);
    return { invoice: paid, outcome: 'paid', paymentIntent: result };
  }
  const outcome: PaymentOutcome = result.status === 'requires_action' ? 'requires_action' : 'failed';
  const after: Stripe.Invoice = { ...current, attempted: true, attempt_count: attempts, next_payment_attempt: nextRetryAt(em, current, attempts) };
  saveInvoice(em, current, after, outcome === 'failed' ? 'invoice.payment_failed' : 'invoice.payment_action_required', at);
  for (const hook of em.hooks.invoicePaymentAttempted) hook(after, outcome);
  return { invoice: after, outcome, paymentIntent: result };
}

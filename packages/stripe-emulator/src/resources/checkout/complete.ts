import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { createCustomer, updateCustomer } from '../customers/customers.ts';
import { createTaxId } from '../customers/tax-ids.ts';
import { createDiscount } from '../discounts/discounts.ts';
import { markPaid } from '../invoices/invoices.ts';
import { authenticatePaymentIntent, confirmPaymentIntent, createPaymentIntent } from '../payment-intents/payment-intents.ts';
import { attachPaymentMethod, createPaymentMethod, declineError } from '../payment-methods/payment-methods.ts';
import type { TestCard } from '../payment-methods/test-cards.ts';
import { confirmSetupIntent, createSetupIntent } from '../setup-intents/setup-intents.ts';
import { createSubscription } from '../subscriptions/subscriptions.ts';
import { withAmounts } from './amounts.ts';
import { checkoutExtras, lineItemsOf } from './sessions.ts';

/** What the customer typed on the hosted page, already validated. */
export interface CardSubmission {
  card: TestCard;
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  email: string | null;
  name: string | null;
  /** True once the customer approved a 3-D Secure challenge for this card. */
  authenticated: boolean;
  /** The billing address entered on the page (when tax or the session asked for one). */
  address: Stripe.Address | null;
  /** No card was given: a free trial with `payment_method_collection=if_required` (`card` is unused). */
  cardless?: boolean;
  /** A business tax id typed on the page (`tax_id_collection`), already validated. */
  taxId?: { type: 'eu_vat' | 'gb_vat'; value: string } | null;
}

/** The session priced again with the address the customer entered (automatic tax follows it). */
function withEnteredAddress(em: Emulator, session: Stripe.Checkout.Session, address: Stripe.Address): Stripe.Checkout.Session {
  const details: Stripe.Checkout.Session.CustomerDetails = {
    ...(session.customer_details ?? { business_name: null, email: null, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null }),
    address,
  };
  const priced = withAmounts(em, { ...session, customer_details: details }, lineItemsOf(em, session.id), checkoutExtras(em, session.id));
  em.db.checkoutSessions.put(priced.session);
  em.db.checkoutLineItems.put({ id: session.id, items: priced.items });
  return priced.session;
}

const addressInput = (a: Stripe.Address) => ({
  ...(a.country ? { country: a.country } : {}),
  ...(a.postal_code ? { postal_code: a.postal_code } : {}),
  ...(a.state ? { state: a.state } : {}),
  ...(a.city ? { city: a.city } : {}),
  ...(a.line1 ? { line1: a.line1 } : {}),
});

export type CheckoutOutcome = { kind: 'complete'; session: Stripe.Checkout.Session } | { kind: 'declined'; message: string } | { kind: 'requires_action' };

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

/** Whether paying now charges the card (otherwise the card is only saved). */
function chargesNow(session: Stripe.Checkout.Session): boolean {
  return session.mode !== 'setup' && (session.amount_total ?? 0) > 0;
}

/**
 * Decides a submission's outcome from the test card before writing anything, so a decline
 * changes nothing; then creates the customer, payment method and subscription, payment or setup.
 */
export function completeCheckout(em: Emulator, opened: Stripe.Checkout.Session, submission: CardSubmission): CheckoutOutcome {
  const session = submission.address ? withEnteredAddress(em, opened, submission.address) : opened;
  const charging = chargesNow(session);
  const behavior = submission.cardless === true ? 'succeed' : charging ? submission.card.charge : submission.card.attach;
  if (behavior === 'decline') {
    const message = declineError({
      id: '',
      charge: submission.card.charge,
      attach: submission.card.attach,
      declineCode: submission.card.declineCode,
      errorCode: submission.card.errorCode,
    }).message;
    return { kind: 'declined', message };
  }
  if (behavior === 'require_action' && !submission.authenticated) return { kind: 'requires_action' };

  const extras = checkoutExtras(em, session.id);
  const email = session.customer_email ?? submission.email;
  let customerId = idOf(session.customer);
  if (!customerId && (session.mode !== 'payment' || session.customer_creation === 'always')) {
    customerId = createCustomer(em, {
      ...(email ? { email } : {}),
      ...(submission.name ? { name: submission.name } : {}),
      ...(submission.address ? { address: addressInput(submission.address) } : {}),
    }).id;
  } else if (customerId && submission.address && extras.customerUpdateAddress === 'auto') {
    updateCustomer(em, customerId, { address: addressInput(submission.address) });
  }
  if (customerId && submission.taxId) {
    const owner = em.db.customers.get(customerId);
    if (owner) createTaxId(em, owner, submission.taxId);
  }
  const pm =
    submission.cardless === true
      ? null
      : createPaymentMethod(em, {
          type: 'card',
          card: { number: submission.number, exp_month: submission.expMonth, exp_year: submission.expYear, cvc: submission.cvc },
          billing_details: { ...(email ? { email } : {}), ...(submission.name ? { name: submission.name } : {}) },
        });
  const saveCard = customerId !== null && (session.mode !== 'payment' || extras.setupFutureUsage !== null);
  if (saveCard && customerId && pm) attachPaymentMethod(em, pm.id, customerId);
  const at = em.timeFor(customerId ? em.db.customers.get(customerId)?.test_clock : null);
  let next: Stripe.Checkout.Session = { ...session };

  if (session.mode === 'subscription' && customerId) {
    const items = lineItemsOf(em, session.id);
    const sub = createSubscription(em, {
      customer: customerId,
      items: items
        .filter((i) => i.price?.recurring)
        .map((i) => ({
          price: i.price!.id,
          ...(i.quantity !== null ? { quantity: i.quantity } : {}),
          ...(extras.lineTaxRates?.[i.id] ? { tax_rates: extras.lineTaxRates[i.id] } : {}),
        })),
      ...(session.automatic_tax.enabled ? { automatic_tax: { enabled: true } } : {}),
      ...(extras.subscriptionTaxRates?.length ? { default_tax_rates: extras.subscriptionTaxRates } : {}),
      add_invoice_items: items.filter((i) => i.price && !i.price.recurring).map((i) => ({ price: i.price!.id, quantity: i.quantity ?? 1 })),
      ...(pm ? { default_payment_method: pm.id } : {}),
      ...(extras.trialDays ? { trial_period_days: extras.trialDays } : {}),
      ...(extras.trialMissingPaymentMethod ? { trial_settings: { end_behavior: { missing_payment_method: extras.trialMissingPaymentMethod } } } : {}),
      metadata: extras.subscriptionMetadata,
      ...(extras.subscriptionDescription ? { description: extras.subscriptionDescription } : {}),
      discounts: (session.discounts ?? []).map((d) => (d.promotion_code ? { promotion_code: idOf(d.promotion_code) ?? '' } : { coupon: idOf(d.coupon) ?? '' })),
      payment_behavior: 'allow_incomplete',
      ...(session.currency ? { currency: session.currency } : {}),
    });
    if (submission.authenticated) authenticateInvoice(em, idOf(sub.latest_invoice), at);
    next = { ...next, subscription: sub.id, invoice: idOf(sub.latest_invoice) };
  } else if (!pm) {
    throw new Error(`checkout ${session.id}: only a subscription's free trial completes without a card`);
  } else if (session.mode === 'payment') {
    for (const d of session.discounts ?? []) {
      const coupon = em.db.coupons.get(idOf(d.coupon) ?? '');
      const promo = d.promotion_code ? (em.db.promotionCodes.get(idOf(d.promotion_code) ?? '') ?? null) : null;
      if (coupon) createDiscount(em, { coupon, promotionCode: promo }, { customer: customerId, checkoutSession: session.id }, at);
    }
    let pi = createPaymentIntent(em, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      ...(customerId ? { customer: customerId } : {}),
      payment_method: pm.id,
      metadata: extras.paymentIntentMetadata,
      ...(extras.paymentDescription ? { description: extras.paymentDescription } : {}),
      ...(extras.setupFutureUsage ? { setup_future_usage: extras.setupFutureUsage } : {}),
      ...(email ? { receipt_email: email } : {}),
    });
    pi = confirmPaymentIntent(em, pi.id);
    if (pi.status === 'requires_action' && submission.authenticated) authenticatePaymentIntent(em, pi.id, true);
    next = { ...next, payment_intent: pi.id };
  } else if (session.mode === 'setup') {
    const si = createSetupIntent(em, {
      ...(customerId ? { customer: customerId } : {}),
      payment_method: pm.id,
      usage: 'off_session',
      metadata: extras.setupMetadata,
    });
    let done = confirmSetupIntent(em, si.id);
    if (done.status === 'requires_action' && submission.authenticated) {
      if (customerId) attachPaymentMethod(em, pm.id, customerId);
      done = { ...done, status: 'succeeded', next_action: null };
      em.db.setupIntents.put(done);
      em.emit('setup_intent.succeeded', done, { previous: { status: 'requires_action' } });
    }
    next = { ...next, setup_intent: si.id };
  }

  next = {
    ...next,
    status: 'complete',
    url: null,
    payment_status: session.mode === 'setup' || !charging ? 'no_payment_required' : 'paid',
    customer: customerId,
    customer_details: {
      address: submission.address ?? session.customer_details?.address ?? (customerId ? (em.db.customers.get(customerId)?.address ?? null) : null),
      business_name: null,
      email,
      individual_name: null,
      name: submission.name,
      phone: null,
      tax_exempt: (customerId ? em.db.customers.get(customerId)?.tax_exempt : null) ?? 'none',
      tax_ids: submission.taxId ? [submission.taxId] : [],
    },
  };
  em.db.checkoutSessions.put(next);
  em.emit('checkout.session.completed', next, { at });
  return { kind: 'complete', session: next };
}

/** Completes 3-D Secure on the payment intent behind a subscription's first invoice. */
function authenticateInvoice(em: Emulator, invoiceId: string | null, at: number): void {
  if (!invoiceId) return;
  for (const payment of em.db.invoicePayments.values()) {
    if (payment.invoice !== invoiceId) continue;
    const pi = em.db.paymentIntents.get(idOf(payment.payment.payment_intent) ?? '');
    if (pi?.status !== 'requires_action') continue;
    authenticatePaymentIntent(em, pi.id, true);
    // The invoice is paid by the authenticated intent (unless a payment hook already did it).
    const invoice = em.db.invoices.get(invoiceId);
    if (invoice?.status === 'open') {
      em.db.invoicePayments.put({ ...payment, status: 'paid', amount_paid: pi.amount, status_transitions: { ...payment.status_transitions, paid_at: at } });
      markPaid(em, invoice, at, pi.id);
    }
  }
}

import type Stripe from 'stripe';
import { cardError, invalidRequest, resourceMissing } from '../../errors.ts';
import type { CardBehavior } from '../../core/records.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { type TestCard, testCardForNumber, testCardForToken } from './test-cards.ts';

export interface CardInput {
  number?: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
  token?: string;
}

export interface PaymentMethodInput {
  type: string;
  card?: CardInput;
  billing_details?: { name?: string; email?: string; phone?: string };
  metadata?: Record<string, string> | '';
}

function buildPaymentMethod(em: Emulator, card: TestCard, input: Omit<PaymentMethodInput, 'type'>, expMonth: number, expYear: number): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: em.ids.next('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: null,
      email: input.billing_details?.email ?? null,
      name: input.billing_details?.name ?? null,
      phone: input.billing_details?.phone ?? null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: expMonth,
      exp_year: expYear,
      fingerprint: `fp${card.number.slice(-8)}`,
      funding: 'credit',
      generated_from: null,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: em.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: initialMetadata(input.metadata),
    type: 'card',
  };
  const behavior: CardBehavior = { id: pm.id, charge: card.charge, attach: card.attach, declineCode: card.declineCode, errorCode: card.errorCode };
  em.db.paymentMethods.put(pm);
  em.db.cardBehaviors.put(behavior);
  return pm;
}

/** An expiry in the past (or more than 50 years ahead) is a 402 `invalid_expiry_year` / `invalid_expiry_month`, as Stripe answers. */
function checkExpiry(em: Emulator, month: number, year: number): void {
  const now = new Date(em.clock.now());
  const thisYear = now.getUTCFullYear();
  const fullYear = year < 100 ? 2000 + year : year;
  if (fullYear < thisYear || fullYear > thisYear + 50)
    throw cardError("Your card's expiration year is invalid.", 'invalid_expiry_year', null, { param: 'card[exp_year]' });
  if (fullYear === thisYear && month < now.getUTCMonth() + 1)
    throw cardError("Your card's expiration month is invalid.", 'invalid_expiry_month', null, { param: 'card[exp_month]' });
}

/** Creates a card payment method from raw test card numbers or a `tok_...`/`pm_card_...` token. */
export function createPaymentMethod(em: Emulator, input: PaymentMethodInput): Stripe.PaymentMethod {
  if (input.type !== 'card') throw invalidRequest(`The payment method type "${input.type}" is not supported by the emulator; use "card".`, 'type');
  const cardInput = input.card;
  if (!cardInput) throw invalidRequest('Missing required param: card.', 'card', 'parameter_missing');
  let card: TestCard | undefined;
  if (cardInput.token !== undefined) {
    card = testCardForToken(cardInput.token);
    if (!card) throw resourceMissing('token', cardInput.token, 'card[token]');
  } else {
    if (cardInput.number === undefined) throw invalidRequest('Missing required param: card[number].', 'card[number]', 'parameter_missing');
    if (cardInput.exp_month === undefined) throw invalidRequest('Missing required param: card[exp_month].', 'card[exp_month]', 'parameter_missing');
    if (cardInput.exp_year === undefined) throw invalidRequest('Missing required param: card[exp_year].', 'card[exp_year]', 'parameter_missing');
    card = testCardForNumber(cardInput.number);
    if (!card) throw cardError('Your card number is incorrect.', 'incorrect_number', null, { param: 'card[number]' });
    checkExpiry(em, cardInput.exp_month, cardInput.exp_year);
  }
  const year = new Date(em.clock.now()).getUTCFullYear();
  return buildPaymentMethod(em, card, input, cardInput.exp_month ?? 12, cardInput.exp_year ?? year + 3);
}

/** The payment method behind an id or a `pm_card_...` token (a token makes a fresh payment method, as Stripe does). */
export function resolvePaymentMethod(em: Emulator, idOrToken: string, param: string): Stripe.PaymentMethod {
  const existing = em.db.paymentMethods.get(idOrToken);
  if (existing) return existing;
  const card = testCardForToken(idOrToken);
  if (card && idOrToken.startsWith('pm_')) {
    const year = new Date(em.clock.now()).getUTCFullYear();
    return buildPaymentMethod(em, card, {}, 12, year + 3);
  }
  throw resourceMissing('PaymentMethod', idOrToken, param);
}

export function behaviorOf(em: Emulator, pmId: string): CardBehavior {
  return em.db.cardBehaviors.get(pmId) ?? { id: pmId, charge: 'succeed', attach: 'succeed', declineCode: null, errorCode: 'card_declined' };
}

export function declineError(behavior: CardBehavior, extra: Parameters<typeof cardError>[3] = {}) {
  const message =
    behavior.errorCode === 'expired_card'
      ? 'Your card has expired.'
      : behavior.errorCode === 'incorrect_cvc'
        ? "Your card's security code is incorrect."
        : behavior.declineCode === 'insufficient_funds'
          ? 'Your card has insufficient funds.'
          : 'Your card was declined.';
  return cardError(message, behavior.errorCode, behavior.declineCode, extra);
}

/** Attaches a payment method to a customer; a card that declines on attach is a 402. */
export function attachPaymentMethod(em: Emulator, idOrToken: string, customerId: string, param = 'payment_method'): Stripe.PaymentMethod {
  const customer = em.db.customers.get(customerId);
  if (!customer) throw resourceMissing('customer', customerId, 'customer');
  const pm = resolvePaymentMethod(em, idOrToken, param);
  if (pm.customer === customerId) return pm;
  if (pm.customer !== null)
    throw invalidRequest(`The payment method you provided has already been attached to a customer.`, param, 'payment_method_unexpected_state');
  const behavior = behaviorOf(em, pm.id);
  if (behavior.attach === 'decline') throw declineError(behavior, { param: '' });
  const attached: Stripe.PaymentMethod = { ...pm, customer: customerId };
  em.db.paymentMethods.put(attached);
  em.emit('payment_method.attached', attached, { at: em.timeFor(customer.test_clock) });
  return attached;
}

export function detachPaymentMethod(em: Emulator, id: string): Stripe.PaymentMethod {
  const pm = em.db.paymentMethods.get(id);
  if (!pm) throw resourceMissing('PaymentMethod', id, 'payment_method');
  if (pm.customer === null)
    throw invalidRequest(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
      undefined,
      'payment_method_unexpected_state',
    );
  const customerId = typeof pm.customer === 'string' ? pm.customer : pm.customer.id;
  const customer = em.db.customers.get(customerId);
  if (customer && customer.invoice_settings.default_payment_method === id) {
    const after: Stripe.Customer = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } };
    em.db.customers.put(after);
    em.emit('customer.updated', after, { previous: { invoice_settings: customer.invoice_settings }, at: em.timeFor(customer.test_clock) });
  }
  const detached: Stripe.PaymentMethod = { ...pm, customer: null };
  em.db.paymentMethods.put(detached);
  em.emit('payment_method.detached', detached, { previous: { customer: customerId } });
  return detached;
}

import type Stripe from 'stripe';
import type { FormObject } from '../core/form.ts';
import { type TestCard, testCardForNumber } from '../resources/payment-methods/test-cards.ts';

export interface CardFields {
  number: string;
  expiry: string;
  cvc: string;
  name: string;
  email: string;
}

export interface ValidCard {
  card: TestCard;
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type FieldErrors = Partial<Record<keyof CardFields | keyof AddressFields | 'promotion_code' | 'tax_id' | 'form', string>>;

/** The billing address Checkout asks for when it must calculate tax (or `billing_address_collection=required`). */
export interface AddressFields {
  country: string;
  postal_code: string;
  state: string;
}

function text(form: FormObject, key: string): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim() : '';
}

export function readCardFields(form: FormObject): CardFields {
  return {
    number: text(form, 'card_number'),
    expiry: text(form, 'card_expiry'),
    cvc: text(form, 'card_cvc'),
    name: text(form, 'name'),
    email: text(form, 'email'),
  };
}

/** Checks card fields the way Stripe's card element does; messages are Stripe's wording. */
export function validateCard(fields: CardFields, nowMs: number, errors: FieldErrors): ValidCard | null {
  const digits = fields.number.replace(/[\s-]/g, '');
  let card: TestCard | undefined;
  if (digits === '') errors.number = 'Your card number is incomplete.';
  else if (!/^\d+$/.test(digits) || digits.length < 12)
    errors.number = digits.length < 12 && /^\d+$/.test(digits) ? 'Your card number is incomplete.' : 'Your card number is invalid.';
  else {
    card = testCardForNumber(digits);
    if (!card) errors.number = 'Your card number is invalid.';
  }
  const match = /^(\d{1,2})\s*\/?\s*(\d{2}|\d{4})$/.exec(fields.expiry.replace(/\s+/g, ' '));
  let expMonth = 0;
  let expYear = 0;
  if (!match) errors.expiry = "Your card's expiration date is incomplete.";
  else {
    expMonth = Number(match[1]);
    expYear = Number(match[2]!.length === 2 ? `20${match[2]}` : match[2]);
    const now = new Date(nowMs);
    if (expMonth < 1 || expMonth > 12) errors.expiry = "Your card's expiration month is invalid.";
    else if (expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1))
      errors.expiry = "Your card's expiration date is in the past.";
    else if (expYear > now.getUTCFullYear() + 50) errors.expiry = "Your card's expiration year is invalid.";
  }
  if (!/^\d{3,4}$/.test(fields.cvc)) errors.cvc = "Your card's security code is incomplete.";
  if (!card || errors.number || errors.expiry || errors.cvc) return null;
  return { card, number: digits, expMonth, expYear, cvc: fields.cvc };
}

export function readAddressFields(form: FormObject): AddressFields {
  return {
    country: text(form, 'address_country').toUpperCase(),
    postal_code: text(form, 'address_postal_code'),
    state: text(form, 'address_state').toUpperCase(),
  };
}

/** A country (two letters), and in the US a postal code, as Checkout requires for tax. */
export function validateAddress(fields: AddressFields, errors: FieldErrors): Stripe.Address | null {
  if (fields.country === '') errors.country = 'Your country is required.';
  else if (!/^[A-Z]{2}$/.test(fields.country)) errors.country = 'Your country is invalid. Use a two-letter code such as US, DE or FR.';
  if (fields.country === 'US' && fields.postal_code === '') errors.postal_code = 'Your postal code is incomplete.';
  if (errors.country || errors.postal_code) return null;
  return { city: null, country: fields.country, line1: null, line2: null, postal_code: fields.postal_code || null, state: fields.state || null };
}

export function validateEmail(email: string, errors: FieldErrors): void {
  if (email === '') errors.email = 'Your email is required.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Your email address is invalid.';
}

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

export type FieldErrors = Partial<Record<keyof CardFields | 'promotion_code' | 'form', string>>;

function text(form: FormObject, key: string): string {
  const value = form[key];
  return typeof value === 'string' ? value.trim() : '';
}

export function readCardFields(form: FormObject): CardFields {
  return { number: text(form, 'card_number'), expiry: text(form, 'card_expiry'), cvc: text(form, 'card_cvc'), name: text(form, 'name'), email: text(form, 'email') };
}

/** Checks card fields the way Stripe's card element does; messages are Stripe's wording. */
export function validateCard(fields: CardFields, nowMs: number, errors: FieldErrors): ValidCard | null {
  const digits = fields.number.replace(/[\s-]/g, '');
  let card: TestCard | undefined;
  if (digits === '') errors.number = 'Your card number is incomplete.';
  else if (!/^\d+$/.test(digits) || digits.length < 12) errors.number = digits.length < 12 && /^\d+$/.test(digits) ? 'Your card number is incomplete.' : 'Your card number is invalid.';
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
    else if (expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1)) errors.expiry = "Your card's expiration date is in the past.";
    else if (expYear > now.getUTCFullYear() + 50) errors.expiry = "Your card's expiration year is invalid.";
  }
  if (!/^\d{3,4}$/.test(fields.cvc)) errors.cvc = "Your card's security code is incomplete.";
  if (!card || errors.number || errors.expiry || errors.cvc) return null;
  return { card, number: digits, expMonth, expYear, cvc: fields.cvc };
}

export function validateEmail(email: string, errors: FieldErrors): void {
  if (email === '') errors.email = 'Your email is required.';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Your email address is invalid.';
}

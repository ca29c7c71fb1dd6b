/** Stripe's documented test cards and what each does in the emulator. */
export interface TestCard {
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  /** Outcome of a charge (payment intent confirm, invoice payment). */
  charge: 'succeed' | 'decline' | 'require_action';
  /** Outcome of attaching the card or setting it up (setup intent). */
  attach: 'succeed' | 'decline' | 'require_action';
  declineCode: string | null;
  /** The error `code` of a decline (`card_declined`, `expired_card`, `incorrect_cvc`...). */
  errorCode: string;
  tokens: string[];
}

const card = (
  number: string,
  brand: TestCard['brand'],
  charge: TestCard['charge'],
  attach: TestCard['attach'],
  declineCode: string | null,
  tokens: string[],
  errorCode = 'card_declined',
): TestCard => ({
  number,
  brand,
  charge,
  attach,
  declineCode,
  errorCode,
  tokens,
});

export const TEST_CARDS: TestCard[] = [
  card('4242424242424242', 'visa', 'succeed', 'succeed', null, ['pm_card_visa', 'tok_visa']),
  card('4000056655665556', 'visa', 'succeed', 'succeed', null, ['pm_card_visa_debit', 'tok_visa_debit']),
  card('5555555555554444', 'mastercard', 'succeed', 'succeed', null, ['pm_card_mastercard', 'tok_mastercard']),
  card('378282246310005', 'amex', 'succeed', 'succeed', null, ['pm_card_amex', 'tok_amex']),
  card('6011111111111117', 'discover', 'succeed', 'succeed', null, ['pm_card_discover', 'tok_discover']),
  card('4000000000000002', 'visa', 'decline', 'decline', 'generic_decline', ['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined', 'tok_chargeDeclined']),
  card('4000000000009995', 'visa', 'decline', 'decline', 'insufficient_funds', [
    'pm_card_chargeDeclinedInsufficientFunds',
    'pm_card_visa_chargeDeclinedInsufficientFunds',
    'tok_chargeDeclinedInsufficientFunds',
  ]),
  card('4000000000009987', 'visa', 'decline', 'decline', 'lost_card', [
    'pm_card_chargeDeclinedLostCard',
    'pm_card_visa_chargeDeclinedLostCard',
    'tok_chargeDeclinedLostCard',
  ]),
  card('4000000000009979', 'visa', 'decline', 'decline', 'stolen_card', [
    'pm_card_chargeDeclinedStolenCard',
    'pm_card_visa_chargeDeclinedStolenCard',
    'tok_chargeDeclinedStolenCard',
  ]),
  card(
    '4000000000000069',
    'visa',
    'decline',
    'decline',
    'expired_card',
    ['pm_card_chargeDeclinedExpiredCard', 'pm_card_visa_chargeDeclinedExpiredCard', 'tok_chargeDeclinedExpiredCard'],
    'expired_card',
  ),
  card(
    '4000000000000127',
    'visa',
    'decline',
    'decline',
    'incorrect_cvc',
    ['pm_card_chargeDeclinedIncorrectCvc', 'pm_card_visa_chargeDeclinedIncorrectCvc', 'tok_chargeDeclinedIncorrectCvc'],
    'incorrect_cvc',
  ),
  card('4000000000000341', 'visa', 'decline', 'succeed', 'generic_decline', [
    'pm_card_chargeCustomerFail',
    'pm_card_visa_chargeCustomerFail',
    'tok_chargeCustomerFail',
  ]),
  card('4000002760003184', 'visa', 'require_action', 'require_action', null, ['pm_card_authenticationRequired', 'tok_authenticationRequired']),
  card('4000002500003155', 'visa', 'succeed', 'require_action', null, ['pm_card_authenticationRequiredOnSetup', 'tok_authenticationRequiredOnSetup']),
  card('4000000000003220', 'visa', 'require_action', 'require_action', null, ['pm_card_threeDSecure2Required', 'tok_threeDSecure2Required']),
];

const byToken = new Map<string, TestCard>();
const byNumber = new Map<string, TestCard>();
for (const c of TEST_CARDS) {
  byNumber.set(c.number, c);
  for (const token of c.tokens) byToken.set(token, c);
}

export function testCardForToken(token: string): TestCard | undefined {
  return byToken.get(token);
}

/** Any number that is not a known test card behaves like 4242 when it passes the Luhn check. */
export function testCardForNumber(number: string): TestCard | undefined {
  const digits = number.replace(/[\s-]/g, '');
  const known = byNumber.get(digits);
  if (known) return known;
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits)) return undefined;
  const brand: TestCard['brand'] = digits.startsWith('5') ? 'mastercard' : digits.startsWith('3') ? 'amex' : digits.startsWith('6') ? 'discover' : 'visa';
  return { ...card(digits, brand, 'succeed', 'succeed', null, []) };
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

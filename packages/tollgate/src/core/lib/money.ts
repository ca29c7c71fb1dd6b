import { currencyExponent as exponentOf, formatAmount, minorUnitsToDecimal } from '@tollgate/currencies';

/**
 * Money is an integer amount in the currency's minor unit plus an ISO currency
 * code. Never a float, never a formatted string in storage.
 */
export interface Money {
  amount: number;
  currency: string;
}

// The currency table (zero- and three-decimal currencies) is shared with the emulator and
// @tollgate/react through the internal @tollgate/currencies (packages/currencies); this module adds validation.
const CURRENCY = /^[a-z]{3}$/;

export class MoneyError extends TypeError {}

export function normalizeCurrency(currency: string): string {
  const c = currency.toLowerCase();
  if (!CURRENCY.test(c)) throw new MoneyError(`invalid currency "${currency}": expected a three-letter ISO code`);
  return c;
}

/** Number of decimal places of the currency's minor unit (JPY 0, USD 2, KWD 3). */
export function currencyExponent(currency: string): number {
  return exponentOf(normalizeCurrency(currency));
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError(`invalid amount ${amount}: money is an integer number of minor units`);
  }
  return { amount, currency: normalizeCurrency(currency) };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`cannot combine ${a.currency} with ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiplyMoney(a: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new MoneyError(`invalid quantity ${quantity}: expected an integer`);
  return money(a.amount * quantity, a.currency);
}

/** Exact decimal string of a minor-unit amount: 452300 usd -> "4523.00". */
export function toDecimalString(m: Money): string {
  return minorUnitsToDecimal(m.amount, normalizeCurrency(m.currency));
}

/** Parses a decimal string ("45.23", "1,000.5" is rejected) into minor units exactly. */
export function fromDecimalString(value: string, currency: string): Money {
  const exp = currencyExponent(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new MoneyError(`invalid decimal amount "${value}"`);
  const [, sign, whole = '0', frac = ''] = match;
  if (frac.length > exp) {
    throw new MoneyError(`"${value}" has more decimals than ${currency.toUpperCase()} allows (${exp})`);
  }
  const minor = Number(`${whole}${frac.padEnd(exp, '0')}`);
  return money(sign ? -minor : minor, currency);
}

/** A person-readable amount: 452300 usd -> "$4,523.00", 1200 jpy -> "¥1,200". */
export function formatMoney(m: Money, locale = 'en-US'): string {
  return formatAmount(m.amount, normalizeCurrency(m.currency), locale);
}

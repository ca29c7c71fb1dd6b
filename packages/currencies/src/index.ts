/**
 * Currency facts shared by the engine, the emulator and @tollgate/react: how many decimals a
 * currency's minor unit has, and how an integer amount of minor units reads as text.
 * Stripe's lists: https://docs.stripe.com/currencies (zero-decimal and three-decimal currencies);
 * every other currency has two decimals.
 */

/** Currencies whose amounts have no minor unit: 1200 JPY is ¥1,200. */
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
];

/** Currencies with three decimals: 1234 KWD is 1.234 KWD. */
export const THREE_DECIMAL_CURRENCIES: readonly string[] = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];

const zeroDecimal = new Set(ZERO_DECIMAL_CURRENCIES);
const threeDecimal = new Set(THREE_DECIMAL_CURRENCIES);

/** Decimal places of the currency's minor unit, in any case: JPY 0, USD 2, KWD 3. */
export function currencyExponent(currency: string): number {
  const c = currency.toLowerCase();
  if (zeroDecimal.has(c)) return 0;
  if (threeDecimal.has(c)) return 3;
  return 2;
}

/** The exact decimal text of an integer amount of minor units: (452300, 'usd') -> "4523.00", (500, 'jpy') -> "500". */
export function minorUnitsToDecimal(amount: number, currency: string): string {
  const exp = currencyExponent(currency);
  const digits = Math.abs(amount)
    .toString()
    .padStart(exp + 1, '0');
  const whole = exp === 0 ? digits : digits.slice(0, -exp);
  const fraction = exp === 0 ? '' : `.${digits.slice(-exp)}`;
  return `${amount < 0 ? '-' : ''}${whole}${fraction}`;
}

/** An amount as a person reads it in `locale`: (452300, 'usd') -> "$4,523.00", (1200, 'jpy') -> "¥1,200". */
export function formatAmount(amount: number, currency: string, locale = 'en-US'): string {
  const exp = currencyExponent(currency);
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: exp,
    maximumFractionDigits: exp,
  });
  // Intl formats a decimal string exactly (no float rounding on huge amounts); its type says number only.
  return formatter.format(minorUnitsToDecimal(amount, currency) as unknown as number);
}

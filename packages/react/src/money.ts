// The currency table and formatting are generated from scripts/currencies/source.ts, shared
// with the engine and the emulator: `formatAmount(1500, 'usd')` -> "$15.00", `(1500, 'jpy')` -> "¥1,500".
export { currencyExponent, formatAmount } from './currencies.generated.ts';

// The currency table and formatting come from the internal @tollgate/currencies (packages/currencies, copied into dist at build), shared
// with the engine and the emulator: `formatAmount(1500, 'usd')` -> "$15.00", `(1500, 'jpy')` -> "¥1,500".
export { currencyExponent, formatAmount } from '@tollgate/currencies';

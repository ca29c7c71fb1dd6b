import { describe, expect, it } from 'vitest';
import { currencyExponent } from '@tollgate/currencies';
import { plainAmount } from './amount.ts';

describe('currency amounts', () => {
  it('knows zero- and three-decimal currencies', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('kwd')).toBe(3);
    expect(currencyExponent('usd')).toBe(2);
  });

  it('formats minor units for pages and PDFs', () => {
    expect(plainAmount(1999, 'usd')).toBe('19.99 USD');
    expect(plainAmount(-505, 'eur')).toBe('-5.05 EUR');
    expect(plainAmount(1500, 'jpy')).toBe('1500 JPY');
    expect(plainAmount(1234, 'kwd')).toBe('1.234 KWD');
  });
});

import { describe, expect, it } from 'vitest';
import { formatAmount } from './money.ts';

describe('formatAmount', () => {
  const plain = (s: string) => s.replace(/\u00a0/g, ' ');
  it('formats minor units with the currency exponent', () => {
    expect(formatAmount(1500, 'usd')).toBe('$15.00');
    expect(formatAmount(1500, 'JPY')).toBe('¥1,500');
    expect(plain(formatAmount(1234, 'kwd'))).toBe('KWD 1.234');
    expect(plain(formatAmount(5, 'eur', 'de-DE'))).toBe('0,05 €');
    expect(formatAmount(-250, 'usd')).toBe('-$2.50');
    // The largest safe amount keeps every digit.
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'usd')).toBe('$90,071,992,547,409.91');
  });
});

import { describe, expect, it } from 'vitest';
import { money } from './layout.ts';

describe('amounts on hosted pages', () => {
  it('are formatted from minor units with the currency exponent, exactly', () => {
    expect(money(1999, 'usd')).toBe('$19.99');
    expect(money(-250, 'usd')).toBe('-$2.50');
    expect(money(1500, 'jpy')).toBe('¥1,500');
    expect(money(1234, 'kwd').replace(/\u00a0/g, ' ')).toBe('KWD 1.234');
    expect(money(Number.MAX_SAFE_INTEGER, 'usd')).toBe('$90,071,992,547,409.91');
    // A negative zero (Math.round of a small negative proration) reads as zero, as on Stripe's pages.
    expect(money(-0, 'usd')).toBe('$0.00');
  });

  it('fall back to plain text for a code Intl refuses', () => {
    expect(money(500, 'us')).toBe('5.00 US');
  });
});

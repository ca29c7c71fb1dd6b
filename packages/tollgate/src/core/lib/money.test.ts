import { describe, expect, it } from 'vitest';
import { addMoney, currencyExponent, formatMoney, fromDecimalString, money, MoneyError, multiplyMoney, toDecimalString } from './money.ts';

describe('money', () => {
  it('knows each currency exponent, zero-decimal and three-decimal included', () => {
    expect(currencyExponent('usd')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('krw')).toBe(0);
    expect(currencyExponent('kwd')).toBe(3);
  });

  it('refuses floats and bad currencies', () => {
    expect(() => money(10.5, 'usd')).toThrow(MoneyError);
    expect(() => money(100, 'dollars')).toThrow(/three-letter/);
  });

  it('formats for people', () => {
    expect(formatMoney(money(452_300, 'usd'))).toBe('$4,523.00');
    expect(formatMoney(money(1_200, 'jpy'))).toBe('¥1,200');
    expect(formatMoney(money(-150, 'eur'))).toBe('-€1.50');
    expect(formatMoney(money(1_234, 'kwd'))).toBe('KWD\u00a01.234');
  });

  it('converts to and from exact decimal strings', () => {
    expect(toDecimalString(money(5, 'usd'))).toBe('0.05');
    expect(toDecimalString(money(-5, 'usd'))).toBe('-0.05');
    expect(toDecimalString(money(500, 'jpy'))).toBe('500');
    expect(fromDecimalString('45.23', 'usd')).toEqual({ amount: 4523, currency: 'usd' });
    expect(fromDecimalString('45.2', 'usd')).toEqual({ amount: 4520, currency: 'usd' });
    expect(fromDecimalString('1200', 'jpy')).toEqual({ amount: 1200, currency: 'jpy' });
    expect(() => fromDecimalString('12.5', 'jpy')).toThrow(/more decimals/);
    expect(() => fromDecimalString('1,000', 'usd')).toThrow(MoneyError);
  });

  it('adds only like currencies and multiplies by whole quantities', () => {
    expect(addMoney(money(100, 'usd'), money(250, 'usd'))).toEqual({ amount: 350, currency: 'usd' });
    expect(() => addMoney(money(100, 'usd'), money(1, 'eur'))).toThrow(/usd with eur/);
    expect(multiplyMoney(money(100, 'usd'), 7)).toEqual({ amount: 700, currency: 'usd' });
    expect(() => multiplyMoney(money(100, 'usd'), 0.5)).toThrow(MoneyError);
  });
});

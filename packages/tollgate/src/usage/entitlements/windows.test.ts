import { describe, expect, it } from 'vitest';
import { isValidTimeZone, windowFor } from './windows.ts';

const at = (iso: string) => new Date(iso);
const iso = (w: { start: Date; end: Date }) => [w.start.toISOString(), w.end.toISOString()];

describe('usage windows', () => {
  it('days in UTC change key at midnight', () => {
    const before = windowFor('day', at('2026-01-15T23:59:59.999Z'));
    const after = windowFor('day', at('2026-01-16T00:00:00Z'));
    expect(before.key).toBe('day:2026-01-15');
    expect(iso(before)).toEqual(['2026-01-15T00:00:00.000Z', '2026-01-16T00:00:00.000Z']);
    expect(after.key).toBe('day:2026-01-16');
  });

  it('days in a customer time zone follow local midnight, DST included', () => {
    // 23:30 UTC on Jan 15 is already Jan 16 in Paris (UTC+1).
    const paris = windowFor('day', at('2026-01-15T23:30:00Z'), 'Europe/Paris');
    expect(paris.key).toBe('day:2026-01-16');
    expect(iso(paris)).toEqual(['2026-01-15T23:00:00.000Z', '2026-01-16T23:00:00.000Z']);
    // New York springs forward on 2026-03-08: that day lasts 23 hours.
    const ny = windowFor('day', at('2026-03-08T12:00:00Z'), 'America/New_York');
    expect(iso(ny)).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    // Kolkata is +05:30: a half-hour offset.
    expect(iso(windowFor('day', at('2026-05-01T18:29:00Z'), 'Asia/Kolkata'))[1]).toBe('2026-05-01T18:30:00.000Z');
    expect(windowFor('day', at('2026-05-01T18:30:00Z'), 'Asia/Kolkata').key).toBe('day:2026-05-02');
  });

  it('weeks start on Monday', () => {
    const w = windowFor('week', at('2026-01-18T10:00:00Z')); // a Sunday
    expect(w.key).toBe('week:2026-01-12');
    expect(iso(w)).toEqual(['2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z']);
    expect(windowFor('week', at('2026-01-19T00:00:00Z')).key).toBe('week:2026-01-19');
  });

  it('months cross year ends, leap Februaries and zones', () => {
    expect(iso(windowFor('month', at('2026-12-31T23:59:59Z')))).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    expect(windowFor('month', at('2027-01-01T00:00:00Z')).key).toBe('month:2027-01');
    expect(iso(windowFor('month', at('2028-02-10T00:00:00Z')))[1]).toBe('2028-03-01T00:00:00.000Z');
    // Jan 31 20:00 in Los Angeles is Feb 1 04:00 UTC: still January there.
    const la = windowFor('month', at('2026-02-01T04:00:00Z'), 'America/Los_Angeles');
    expect(la.key).toBe('month:2026-01');
    expect(iso(la)).toEqual(['2026-01-01T08:00:00.000Z', '2026-02-01T08:00:00.000Z']);
  });

  it('billing periods follow the subscription, rolling forward when the mirror lags', () => {
    const period = { start: at('2026-01-03T10:00:00Z'), end: at('2026-02-03T10:00:00Z') };
    const w = windowFor('billing_period', at('2026-01-20T00:00:00Z'), 'UTC', period);
    expect(w.key).toBe('period:2026-01-03T10:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-02-03T10:00:00.000Z');
    expect(windowFor('billing_period', at('2026-02-03T10:00:00Z'), 'UTC', period).start.toISOString()).toBe('2026-02-03T10:00:00.000Z');
    // No subscription: the calendar month.
    expect(windowFor('billing_period', at('2026-01-20T00:00:00Z')).key).toBe('month:2026-01');
  });

  it('knows valid time zones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    // Fixed offsets are refused on every Node version (24's Intl accepts them, 20's does not).
    for (const offset of ['+01:00', '-05:00', '+0530', '\u221205:00']) expect(isValidTimeZone(offset), offset).toBe(false);
    expect(isValidTimeZone('Etc/GMT+5')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffMs, eventTimestamp, isTooLate, meterIdentifier } from './meter-event.ts';
import { createRateLimiter } from './rate-limiter.ts';

describe('reporter pure parts', () => {
  it('identifiers are deterministic per customer x feature x window x seq, and short', () => {
    const a = meterIdentifier('org-1', 'tokens', 'day:2026-01-15', 0);
    expect(a).toBe(meterIdentifier('org-1', 'tokens', 'day:2026-01-15', 0));
    expect(a).toMatch(/^tg_[0-9a-f]{40}_0$/);
    expect(meterIdentifier('org-1', 'tokens', 'day:2026-01-15', 1)).not.toBe(a);
    expect(meterIdentifier('org-1', 'tokens', 'day:2026-01-16', 0)).not.toBe(a);
    // No ambiguity from concatenation.
    expect(meterIdentifier('a', 'bc', 'w', 0)).not.toBe(meterIdentifier('ab', 'c', 'w', 0));
    expect(meterIdentifier('x'.repeat(255), 'f', 'w', 123456).length).toBeLessThanOrEqual(100);
  });

  it('timestamps sit in the window, never in the future; late windows are flagged', () => {
    const end = new Date('2026-01-16T00:00:00Z');
    expect(eventTimestamp(end, new Date('2026-01-20T00:00:00Z')).toISOString()).toBe('2026-01-15T23:59:59.000Z');
    expect(eventTimestamp(end, new Date('2026-01-15T10:00:00.500Z')).toISOString()).toBe('2026-01-15T10:00:00.000Z');
    const at = new Date('2026-01-15T23:59:59Z');
    expect(isTooLate(at, new Date('2026-02-18T00:00:00Z'))).toBe(false);
    expect(isTooLate(at, new Date('2026-02-19T23:30:00Z'))).toBe(true);
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30)).toBe(300_000);
  });

  it('the rate limiter paces calls to the rate after a burst', async () => {
    let t = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      ratePerSecond: 100,
      burst: 5,
      now: () => t,
      sleep: async (ms) => {
        waits.push(ms);
        t += ms;
      },
    });
    for (let i = 0; i < 105; i++) await limiter.acquire();
    expect(waits.length).toBe(100); // the first 5 are the burst
    expect(t).toBeCloseTo(1000, 5); // 100 more calls at 100/s take one second
  });
});

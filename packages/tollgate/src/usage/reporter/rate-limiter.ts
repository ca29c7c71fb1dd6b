/**
 * A token bucket: at most `ratePerSecond` acquisitions per second on average,
 * bursts up to `burst`. Time and waiting are injected so tests can drive them.
 */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export interface RateLimiterOptions {
  ratePerSecond: number;
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.ratePerSecond;
  if (!(rate > 0)) throw new RangeError('ratePerSecond must be positive');
  const interval = 1000 / rate;
  const burst = Math.max(1, options.burst ?? Math.floor(rate / 10));
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  // GCRA: `tat` is when the bucket would next be empty; each call reserves one slot.
  let tat = Number.NEGATIVE_INFINITY;
  return {
    async acquire() {
      const t = now();
      const start = Math.max(tat, t - (burst - 1) * interval);
      tat = start + interval;
      if (start > t) await sleep(start - t);
    },
  };
}

import type { Clock } from '../../core/lib/clock.ts';

export interface RateLimitOptions {
  /** Sustained requests per second per credential (default 100). */
  requestsPerSecond?: number;
  /** Requests allowed in a burst (default 2 x requestsPerSecond). */
  burst?: number;
}

export interface RateLimiter {
  /** Takes one request's token; when none is left, the seconds to wait. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

/**
 * A token bucket per credential, in this process's memory: the limit holds per
 * node, so N nodes behind a load balancer allow up to N times the rate.
 */
export function createRateLimiter(clock: Clock, options: RateLimitOptions = {}): RateLimiter {
  const rate = options.requestsPerSecond ?? 100;
  const burst = options.burst ?? rate * 2;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const now = clock.now().getTime();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
      if (buckets.size > 100_000) buckets.clear(); // bounded memory under key churn
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate)) };
    },
  };
}

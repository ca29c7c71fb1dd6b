import type { Clock } from '../../core/lib/clock.ts';

export interface AuthFailureLimitOptions {
  /** Failed authentications an address may make in a row before it is refused (default 20). */
  burst?: number;
  /** Failures forgiven per second (default 1): the sustained rate of wrong credentials allowed. */
  perSecond?: number;
}

export interface AuthFailureLimiter {
  /** Seconds the address must wait before it may try again, or 0 when it may try now. */
  wait(address: string): number;
  /** Counts a failed authentication from the address. */
  failed(address: string): void;
}

/**
 * Failed authentications per client address, in this process's memory: a
 * bucket of `burst` failures refilled at `perSecond`. An address whose bucket
 * is empty is answered 429 before its credential is read, so a stream of
 * wrong keys costs no database lookups. Per node, like the request limit.
 */
export function createAuthFailureLimiter(clock: Clock, options: AuthFailureLimitOptions = {}): AuthFailureLimiter {
  const burst = options.burst ?? 20;
  const perSecond = options.perSecond ?? 1;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (address: string) => {
    const bucket = buckets.get(address);
    if (!bucket) return undefined;
    const now = clock.now().getTime();
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    if (bucket.tokens >= burst) buckets.delete(address); // a full bucket needs no memory
    return bucket;
  };
  return {
    wait(address) {
      const bucket = refill(address);
      if (!bucket || bucket.tokens >= 1) return 0;
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    },
    failed(address) {
      const bucket = refill(address) ?? { tokens: burst, at: clock.now().getTime() };
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      if (buckets.size > 100_000) buckets.clear(); // bounded memory under address churn
      buckets.set(address, bucket);
    },
  };
}

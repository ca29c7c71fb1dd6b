import type { Deps } from '../../core/lib/deps.ts';
import { createRateLimiter, type RateLimiter } from '../../usage/reporter/rate-limiter.ts';

/**
 * Subscribers handled per second by default. A move is about four Stripe
 * requests (the subscription, the update or the schedule's create and
 * update, a refetch), a preview two: 5 a second stays under Stripe's
 * test-mode limit of 25 requests a second (live mode allows 100: pass a
 * higher `ratePerSecond` there).
 */
export const DEFAULT_MIGRATION_RATE = 5;

/** Progress of a dry run or a run, for a progress bar. */
export interface MigrationProgress {
  done: number;
  total: number;
  failed: number;
}

export interface MigrationPace {
  /** Subscribers per second (default `DEFAULT_MIGRATION_RATE`). */
  ratePerSecond?: number;
  onProgress?: (progress: MigrationProgress) => void;
  /** Stops before the next subscriber once aborted (Ctrl-C); a later run resumes. */
  signal?: AbortSignal;
}

/** The limiter on the deps' clock: waits with `clock.sleep`, so tests count calls per simulated second. */
export function migrationLimiter(deps: Pick<Deps, 'clock'>, pace: MigrationPace): RateLimiter {
  return createRateLimiter({
    ratePerSecond: pace.ratePerSecond ?? DEFAULT_MIGRATION_RATE,
    burst: 1,
    now: () => deps.clock.now().getTime(),
    sleep: (ms) => deps.clock.sleep(ms),
  });
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

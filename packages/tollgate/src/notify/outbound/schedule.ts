/**
 * When a failed outbound webhook is tried again: growing gaps over more than
 * three days, as Stripe retries its own webhooks. The delay after failed
 * attempt n is `RETRY_SCHEDULE_MS[n - 1]`; after the last one the delivery is
 * given up (kept, and replayable: `tollgate webhooks replay`).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RETRY_SCHEDULE_MS: readonly number[] = [
  1 * MINUTE,
  5 * MINUTE,
  30 * MINUTE,
  1 * HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
  12 * HOUR,
];

/** Attempts in all: the first and one per gap (13; the last about 75.6 hours after the first). */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

export function retryDelayMs(attempt: number): number {
  return RETRY_SCHEDULE_MS[Math.min(attempt, RETRY_SCHEDULE_MS.length) - 1] ?? RETRY_SCHEDULE_MS[0] ?? MINUTE;
}

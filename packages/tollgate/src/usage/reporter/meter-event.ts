import { createHash } from 'node:crypto';

/** Stripe accepts meter events whose timestamp is at most 35 days old. */
export const STRIPE_MAX_AGE_MS = 35 * 86_400_000;
/** Margin kept from that edge, so a report planned now is still accepted when sent. */
export const LATE_MARGIN_MS = 3_600_000;

/**
 * The identifier of report `seq` of a customer x feature x window. The same
 * inputs give the same identifier on every node and after every restart, so
 * Stripe deduplicates a resend; a later delta for the same window (seq + 1)
 * has its own. At most 100 characters, as Stripe requires.
 */
export function meterIdentifier(customer: string, feature: string, windowKey: string, seq: number): string {
  const digest = createHash('sha256').update(`${customer}\u001f${feature}\u001f${windowKey}`).digest('hex').slice(0, 40);
  return `tg_${digest}_${seq}`;
}

/**
 * The meter event's timestamp for a window: its last second once it has
 * closed, else now. Whole seconds.
 */
export function eventTimestamp(windowEnd: Date, now: Date): Date {
  const ms = Math.min(windowEnd.getTime() - 1000, now.getTime());
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** True when Stripe would refuse a meter event with this timestamp as too old. */
export function isTooLate(eventAt: Date, now: Date): boolean {
  return now.getTime() - eventAt.getTime() > STRIPE_MAX_AGE_MS - LATE_MARGIN_MS;
}

/** Exponential backoff after `attempt` failures (1 s, 2 s, 4 s... capped at 5 minutes). */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 300_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

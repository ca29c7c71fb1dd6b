import type Stripe from 'stripe';

const DAY = 86_400;

/**
 * Adds `count` intervals to a unix time, anchored on `anchor` so month ends clamp and recover
 * (Jan 31 -> Feb 28 -> Mar 31), as Stripe's billing cycle anchor does.
 */
export function addInterval(from: number, interval: Stripe.Price.Recurring.Interval, count: number, anchor = from): number {
  if (interval === 'day') return from + count * DAY;
  if (interval === 'week') return from + count * 7 * DAY;
  const months = interval === 'month' ? count : count * 12;
  const start = new Date(from * 1000);
  const anchorDate = new Date(anchor * 1000);
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(anchorDate.getUTCDate(), lastDay);
  return Math.floor(Date.UTC(year, month, day, anchorDate.getUTCHours(), anchorDate.getUTCMinutes(), anchorDate.getUTCSeconds()) / 1000);
}

/** `2026-11-21` for descriptions. */
export function formatDate(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 10);
}

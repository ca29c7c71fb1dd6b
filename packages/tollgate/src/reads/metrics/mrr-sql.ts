import { sql } from 'drizzle-orm';

/**
 * One subscription's MRR (SQL over a `subscriptions` row), unrounded: its
 * per-period list amount less a recurring discount (percent off, or amount
 * off per period; `once` coupons are ignored), never below zero, normalised
 * to a month: yearly ÷ 12, weekly × 52/12, daily × 365/12, and ÷ interval_count.
 */
export const MONTHLY_AMOUNT = sql`greatest(0, amount * (1 - coalesce(discount_percent_off, 0) / 100.0) - coalesce(discount_amount_off, 0))
  * case interval when 'year' then 1.0 / 12 when 'week' then 52.0 / 12 when 'day' then 365.0 / 12 else 1.0 end
  / greatest(coalesce(interval_count, 1), 1)`;

/** Counted as revenue: `active` and `past_due` (still billing). Trials, incomplete, unpaid, paused and canceled are not. */
export const PAYING = sql`status in ('active', 'past_due')`;

/** A subscription's MRR in whole minor units (rounded per subscription: what a movement records), 0 when not paying. */
export const SUBSCRIPTION_MRR = sql`(case when ${PAYING} then round(${MONTHLY_AMOUNT}) else 0 end)::bigint`;

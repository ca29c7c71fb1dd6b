import { sql } from 'drizzle-orm';
import { queryRows } from '../db/sql.ts';
import type { Deps } from '../lib/deps.ts';

export interface RevenueFigure {
  currency: string;
  /** Monthly recurring revenue, minor units of `currency`. */
  mrr: number;
  /** Annual run rate: 12 x MRR, minor units. */
  arr: number;
  /** Subscriptions counted. */
  subscriptions: number;
}

/**
 * The rule, in one place (SQL over the mirror's `subscriptions`):
 * - counted: status `active` or `past_due` (still billing). `trialing`,
 *   `incomplete`, `unpaid`, `paused` and `canceled` are not revenue.
 * - per subscription: its per-period list amount (Σ quantity × unit amount of
 *   licensed items; metered usage is not recurring revenue), less a recurring
 *   discount (percent off, or amount off per period; `once` coupons are
 *   ignored), never below zero, normalised to a month: yearly ÷ 12, weekly
 *   × 52/12, daily × 365/12, and ÷ interval_count.
 * - summed per currency, rounded once at the end. ARR = 12 × the unrounded sum.
 */
const MONTHLY_AMOUNT = sql`greatest(0, amount * (1 - coalesce(discount_percent_off, 0) / 100.0) - coalesce(discount_amount_off, 0))
  * case interval when 'year' then 1.0 / 12 when 'week' then 52.0 / 12 when 'day' then 365.0 / 12 else 1.0 end
  / greatest(coalesce(interval_count, 1), 1)`;

export async function computeMrr(deps: Deps): Promise<RevenueFigure[]> {
  const rows = await queryRows<{ currency: string; mrr: string; arr: string; n: string }>(
    deps.db,
    sql`select currency, round(sum(${MONTHLY_AMOUNT}))::bigint as mrr, round(12 * sum(${MONTHLY_AMOUNT}))::bigint as arr,
          count(*) as n
        from subscriptions where status in ('active', 'past_due')
        group by currency order by currency`,
  );
  return rows.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), arr: Number(r.arr), subscriptions: Number(r.n) }));
}

import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { MONTHLY_AMOUNT } from './mrr-sql.ts';

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
 * The rule, in one place (SQL over the mirror's `subscriptions`, `mrr-sql.ts`):
 * - counted: status `active` or `past_due` (still billing). `trialing`,
 *   `incomplete`, `unpaid`, `paused` and `canceled` are not revenue.
 * - per subscription: its per-period list amount (Σ quantity × unit amount of
 *   licensed items; metered usage is not recurring revenue), less a recurring
 *   discount, never below zero, normalised to a month.
 * - MRR: each subscription's figure rounded to a minor unit, summed per
 *   currency (what the MRR movements add up to, so the history's last point is
 *   this figure). ARR = 12 × the unrounded sum, rounded once.
 */
export async function computeMrr(deps: Deps): Promise<RevenueFigure[]> {
  const rows = await queryRows<{ currency: string; mrr: string; arr: string; n: string }>(
    deps.db,
    sql`select currency, sum(round(${MONTHLY_AMOUNT}))::bigint as mrr, round(12 * sum(${MONTHLY_AMOUNT}))::bigint as arr,
          count(*) as n
        from subscriptions where status in ('active', 'past_due')
        group by currency order by currency`,
  );
  return rows.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), arr: Number(r.arr), subscriptions: Number(r.n) }));
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { Result } from '../../core/lib/result.ts';
import { movementsByKind, type RangeInput, whole } from './range.ts';
import { balanceBefore, readDayRange } from './range-sql.ts';

export const revenueSummaryRow = z.object({
  currency: z.string(),
  mrrStart: whole(),
  mrrEnd: whole(),
  /** 12 × MRR at the end. */
  arrEnd: whole(),
  subscribersStart: whole(),
  subscribersEnd: whole(),
  /** Movements in the range by kind. */
  ...movementsByKind,
  /** Subscriptions that churned in the range. */
  churned: whole(),
  /**
   * Net revenue retention: the MRR at the end of the customers who paid at
   * the start, ÷ their MRR at the start (null when nobody paid at the start).
   */
  nrr: z.number().nullable(),
});
export type RevenueSummary = z.infer<typeof revenueSummaryRow>;

/** What `revenueSummary` answers (the route's response, snake_case, is derived from it). */
export const revenueSummaryResult = z.object({ from: z.string(), to: z.string(), data: z.array(revenueSummaryRow) });

/** Revenue over whole UTC days [from's day, to's day], per currency, optionally for one plan. */
export function revenueSummary(deps: Deps, input: RangeInput): Promise<Result<z.infer<typeof revenueSummaryResult>>> {
  return readDayRange(input, async ({ s, e, m }) => {
    const rows = await queryRows<Record<string, string | null>>(
      deps.db,
      sql`with m as (
          select currency, stripe_customer_id, at, kind, ${m.delta} as delta, ${m.subscribers} as subs
          from mrr_movements where at >= ${s}::timestamptz and at < ${e}::timestamptz and ${m.where}
        ),
        base as (${balanceBefore(input.plan, s)}),
        -- Retention: the customers paying at the start hold all of the starting MRR (nobody is below zero), so
        -- only those who moved in the range need their starting MRR: their moves are what the cohort gained or lost.
        moved as (select currency, stripe_customer_id, sum(delta) as change from m group by 1, 2),
        moved_start as (
          select x.currency, x.stripe_customer_id, x.change, coalesce((
            select sum(${m.delta}) from mrr_movements y
            where y.stripe_customer_id = x.stripe_customer_id and y.currency = x.currency and y.at < ${s}::timestamptz and ${m.where}
          ), 0) as at_start
          from moved x
        ),
        retention as (select currency, sum(change) filter (where at_start > 0) as cohort_change from moved_start group by 1),
        moves as (
          select currency, sum(delta) as delta, sum(subs) as subs,
            coalesce(sum(delta) filter (where kind = 'new'), 0) as new,
            coalesce(sum(delta) filter (where kind = 'expansion'), 0) as expansion,
            coalesce(sum(delta) filter (where kind = 'contraction'), 0) as contraction,
            coalesce(sum(delta) filter (where kind = 'churn'), 0) as churn,
            coalesce(sum(delta) filter (where kind = 'reactivation'), 0) as reactivation,
            count(*) filter (where kind = 'churn' and subs < 0) as churned
          from m group by 1
        ),
        totals as (
          select c.currency, coalesce(b.mrr, 0) as mrr_start, coalesce(b.mrr, 0) + coalesce(x.delta, 0) as mrr_end,
            coalesce(b.subs, 0) as subs_start, coalesce(b.subs, 0) + coalesce(x.subs, 0) as subs_end,
            coalesce(x.new, 0) as new, coalesce(x.expansion, 0) as expansion, coalesce(x.contraction, 0) as contraction,
            coalesce(x.churn, 0) as churn, coalesce(x.reactivation, 0) as reactivation, coalesce(x.churned, 0) as churned
          from (select currency from base union select currency from m) c
          left join base b using (currency) left join moves x using (currency)
        )
        select t.*, t.mrr_start as cohort_start, t.mrr_start + coalesce(r.cohort_change, 0) as cohort_end from totals t left join retention r using (currency) order by currency`,
    );
    const n = (v: string | null | undefined) => Number(v ?? 0);
    const data = rows.map((r) => ({
      currency: r.currency ?? '',
      mrrStart: n(r.mrr_start),
      mrrEnd: n(r.mrr_end),
      arrEnd: 12 * n(r.mrr_end),
      subscribersStart: n(r.subs_start),
      subscribersEnd: n(r.subs_end),
      new: n(r.new),
      expansion: n(r.expansion),
      contraction: n(r.contraction),
      churn: n(r.churn),
      reactivation: n(r.reactivation),
      churned: n(r.churned),
      nrr: n(r.cohort_start) > 0 ? n(r.cohort_end) / n(r.cohort_start) : null,
    }));
    return { data };
  });
}

import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface CreditRevenue {
  currency: string;
  /** Paid for credits (packs, custom amounts, auto top-ups, paid grants), minor units. */
  sold: number;
  /** Paid credit not yet used: a liability until burned or expired. */
  deferred: number;
  /** Paid credit used (burned by consumes). */
  recognized: number;
  /** Paid credit that expired unused. */
  breakage: number;
}

/**
 * Credit revenue per currency from the grants, valued pro rata to what each
 * paid grant cost (exact numerics, each grant rounded once): deferred =
 * unexpired paid credit left, breakage = expired paid credit left,
 * recognized = the rest. One-time purchases are not recurring revenue: MRR
 * (metrics/compute-mrr.ts, subscriptions only) does not move.
 */
export async function computeCreditRevenue(deps: Deps): Promise<CreditRevenue[]> {
  const now = deps.clock.now().toISOString();
  const rows = await queryRows<{ currency: string; sold: string; deferred: string; breakage: string }>(
    deps.db,
    sql`select currency, sum(paid_amount) as sold,
          sum(case when expires_at is null or expires_at > ${now}::timestamptz then value else 0 end) as deferred,
          sum(case when expires_at is not null and expires_at <= ${now}::timestamptz then value else 0 end) as breakage
        from (
          select currency, paid_amount, expires_at,
            case when amount > 0 then round(paid_amount::numeric * remaining / amount) else 0 end as value
          from credit_grants where kind = 'paid' and paid_amount is not null and currency is not null
        ) g
        group by currency order by currency`,
  );
  return rows.map((r) => {
    const sold = Number(r.sold);
    const deferred = Number(r.deferred);
    const breakage = Number(r.breakage);
    return { currency: r.currency, sold, deferred, recognized: sold - deferred - breakage, breakage };
  });
}

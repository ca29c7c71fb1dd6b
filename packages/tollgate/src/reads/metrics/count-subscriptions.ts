import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface SubscriptionCount {
  /** Null for subscriptions whose price is not a Tollgate plan. */
  planKey: string | null;
  status: string;
  count: number;
}

/** Subscriptions by plan and status, from the mirror. Canceled ones are left out unless asked for. */
export async function countSubscriptions(deps: Deps, options: { includeCanceled?: boolean } = {}): Promise<SubscriptionCount[]> {
  const rows = await queryRows<{ plan_key: string | null; status: string; n: string }>(
    deps.db,
    sql`select plan_key, status, count(*) as n from subscriptions
        where ${options.includeCanceled ? sql`true` : sql`status not in ('canceled', 'incomplete_expired')`}
        group by plan_key, status order by plan_key nulls last, status`,
  );
  return rows.map((r) => ({ planKey: r.plan_key, status: r.status, count: Number(r.n) }));
}

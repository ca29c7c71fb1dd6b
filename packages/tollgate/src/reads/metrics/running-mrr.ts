import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { RevenueFigure } from './compute-mrr.ts';

/**
 * MRR now from the running totals (`mrr_totals`, which the movements keep in
 * their own transaction): one row per currency, no scan of the mirror. ARR is
 * 12 × that MRR (`computeMrr` rounds 12 × the unrounded sum instead, so the
 * two may differ by a few minor units); `subscriptions` counts the paying
 * ones. Currencies with nothing paying are left out, as `computeMrr` does.
 */
export async function runningMrr(deps: Pick<Deps, 'db'>): Promise<RevenueFigure[]> {
  const rows = await queryRows<{ currency: string; mrr: string; subscribers: number }>(
    deps.db,
    sql`select currency, mrr, subscribers from mrr_totals where subscribers > 0 or mrr <> 0 order by currency`,
  );
  return rows.map((r) => ({ currency: r.currency, mrr: Number(r.mrr), arr: 12 * Number(r.mrr), subscriptions: Number(r.subscribers) }));
}

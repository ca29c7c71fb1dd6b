import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface CurrencyTotal {
  currency: string;
  mrr: number;
  subscribers: number;
}

/**
 * Records the thresholds of config `alerts.mrr` (minor units of the config's
 * currency) that `totals` reach for the first time, each once ever (a row in
 * `mrr_milestones`, inserted or not in one statement). Returns the hooks to
 * fire; with `fire: false` (the backfill: history, not news) they are recorded
 * as crossed already and nothing fires.
 */
export async function crossMilestones(deps: Deps, totals: CurrencyTotal[], options: { fire: boolean }): Promise<HookDraft[]> {
  const thresholds = deps.config.alerts?.mrr ?? [];
  const currency = (deps.config.currency ?? 'usd').toLowerCase();
  const total = totals.find((t) => t.currency === currency);
  if (!total || thresholds.length === 0) return [];
  const reached = thresholds.filter((t) => total.mrr >= t);
  if (reached.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const crossed = await queryRows<{ amount: string }>(
    deps.db,
    sql`insert into mrr_milestones (currency, amount, crossed_at, fired)
        select ${currency}, t.amount::bigint, ${now}::timestamptz, ${options.fire}
        from jsonb_array_elements_text(${JSON.stringify(reached)}::jsonb) as t(amount)
        order by 2
        on conflict (currency, amount) do nothing
        returning amount`,
  );
  if (!options.fire) return [];
  return crossed.map((row) => ({
    type: 'mrr.milestone' as const,
    objectId: `mrr_milestone:${currency}:${row.amount}`,
    stripeCustomerId: null,
    payload: { currency, threshold: Number(row.amount), mrr: total.mrr, crossedAt: now },
  }));
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../core/db/sql.ts';
import type { UsageWindow } from '../entitlements/windows.ts';

// Counter rows are never deleted, so a row once known to exist stays known.
// Keyed by database object: tests and multi-tenant processes hold several.
const known = new WeakMap<object, Set<string>>();
const MAX_KNOWN = 100_000;

/**
 * Makes sure the window's counter row exists, so `consume` can lock it. The
 * insert is skipped when this process has already seen the row.
 */
export async function ensureCounter(db: Executor, customer: string, feature: string, window: UsageWindow, now: Date): Promise<void> {
  let seen = known.get(db);
  if (!seen) {
    seen = new Set();
    known.set(db, seen);
  }
  const key = `${customer}\u0000${feature}\u0000${window.key}`;
  if (seen.has(key)) return;
  await db.execute(sql`
    insert into usage_counters (customer_id, feature, window_key, window_start, window_end, used, billable, reported, updated_at)
    values (${customer}, ${feature}, ${window.key}, ${window.start.toISOString()}::timestamptz,
      ${window.end.toISOString()}::timestamptz, 0, 0, 0, ${now.toISOString()}::timestamptz)
    on conflict (customer_id, feature, window_key) do nothing`);
  if (seen.size >= MAX_KNOWN) seen.clear();
  seen.add(key);
}

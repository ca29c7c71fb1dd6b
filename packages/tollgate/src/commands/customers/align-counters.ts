import { sql } from 'drizzle-orm';
import type { TollgateConfig } from '../../core/config/types.ts';
import { type Executor, queryRows } from '../../core/db/sql.ts';
import { CONTEXT_COLUMNS, CONTEXT_JOINS, type ContextRow, contextFromRow } from '../../usage/entitlements/customer-context.ts';
import { featurePlan } from '../../usage/entitlements/feature-plan.ts';
import { isValidTimeZone, type UsageWindow, windowFor } from '../../usage/entitlements/windows.ts';

/** The zone a stored `customers.time_zone` puts windows in, as usage reads it: none or unknown = UTC. */
export function zoneInForce(stored: string | null | undefined): string {
  return stored && isValidTimeZone(stored) ? stored : 'UTC';
}

const CALENDAR_KEY = /^(day|week|month):(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * The window a calendar key (`day:2026-01-15`, `week:2026-01-12`,
 * `month:2026-01`) names in a time zone; null for any other key (`period:`)
 * or a date the zone never had.
 */
export function calendarWindowOf(key: string, timeZone: string): UsageWindow | null {
  const m = CALENDAR_KEY.exec(key);
  if (!m) return null;
  const reset = m[1] as 'day' | 'week' | 'month';
  if ((reset === 'month') !== (m[4] === undefined)) return null;
  // The window holding the date's UTC midnight is the one named or a
  // neighbour (every zone is within 26 hours of UTC): step towards it.
  let probe = Date.UTC(Number(m[2]), Number(m[3]) - 1, Number(m[4] ?? 1));
  for (let step = 0; step < 4; step++) {
    const window = windowFor(reset, new Date(probe), timeZone);
    if (window.key === key) return window;
    probe = window.key < key ? window.end.getTime() : window.start.getTime() - 1;
  }
  return null;
}

export interface AlignCountersInput {
  /** The app's id for the customer (`usage_counters.customer_id`). */
  customer: string;
  /** The zone in force before the change (`zoneInForce` of the old value). */
  from: string;
  /** The zone in force after it. */
  to: string;
  now: Date;
}

interface Aligned {
  o: number;
  f: string;
  k: string;
  s: string;
  e: string;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Makes a customer's counters agree with its time zone `to`; runs in the
 * transaction that writes the zone. Counters are keyed by the local date of
 * their window (`day:2026-01-15`), not by the zone, so keys never change:
 * only the bounds (`window_start`, `window_end`) are recomputed from each key
 * in the new zone, for every calendar counter of every feature with
 * `timeZone: 'customer'` (a feature counting a subscription's billing
 * periods now is left alone: the zone plays no part there). Usage writes
 * find counters by key and are exact whatever the bounds; `check` reads the
 * latest counter starting at or before now, which is the current date's
 * only when every counter carries the same zone's bounds.
 *
 * The counter of the window the old zone puts now in is created (empty) if
 * missing, already aligned, so a usage write that read the old zone just
 * before the change commits lands in a row with the new bounds, not in a new
 * one with the old. Rows are written in (feature, key) order, the order
 * usage writes lock counters in.
 */
export async function alignCounters(tx: Executor, config: TollgateConfig, input: AlignCountersInput): Promise<void> {
  const zoned = Object.entries(config.features)
    .filter(([, d]) => d.type === 'metered' && d.timeZone === 'customer')
    .map(([feature]) => feature);
  if (zoned.length === 0) return;
  const [contextRow] = await queryRows<ContextRow>(
    tx,
    sql`select ${sql.raw(CONTEXT_COLUMNS)} from (select ${input.customer}::text as ext) k ${sql.raw(CONTEXT_JOINS)}`,
  );
  const context = contextFromRow(contextRow);
  const prefixes = new Map<string, string>();
  const keys = new Map<string, Set<string>>();
  const add = (feature: string, key: string) => {
    let set = keys.get(feature);
    if (!set) keys.set(feature, (set = new Set()));
    set.add(key);
  };
  for (const feature of zoned) {
    const after = featurePlan(config, feature, { ...context, timeZone: input.to }, input.now);
    const before = featurePlan(config, feature, { ...context, timeZone: input.from }, input.now);
    const window = after.ok ? after.value.window : null;
    if (!window || window.key.startsWith('period:')) continue;
    prefixes.set(feature, window.key.slice(0, window.key.indexOf(':') + 1));
    if (input.from !== input.to && before.ok && before.value.window) add(feature, before.value.window.key);
  }
  if (prefixes.size === 0) return;
  const existing = await queryRows<{ feature: string; window_key: string }>(
    tx,
    sql`select feature, window_key from usage_counters
        where customer_id = ${input.customer} and feature in (select jsonb_array_elements_text(${JSON.stringify([...prefixes.keys()])}::jsonb))`,
  );
  for (const row of existing) {
    if (row.window_key.startsWith(prefixes.get(row.feature) ?? '\u0000')) add(row.feature, row.window_key);
  }
  const rows: Aligned[] = [];
  for (const feature of [...keys.keys()].sort(byCodeUnit)) {
    for (const key of [...(keys.get(feature) ?? [])].sort(byCodeUnit)) {
      const window = calendarWindowOf(key, input.to);
      if (window) rows.push({ o: rows.length, f: feature, k: key, s: window.start.toISOString(), e: window.end.toISOString() });
    }
  }
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into usage_counters as u (customer_id, feature, window_key, window_start, window_end, used, billable, reported, updated_at)
    select ${input.customer}, t.f, t.k, t.s, t.e, 0, 0, 0, ${input.now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(o int, f text, k text, s timestamptz, e timestamptz)
    order by t.o
    on conflict (customer_id, feature, window_key) do update set window_start = excluded.window_start, window_end = excluded.window_end
    where (u.window_start, u.window_end) is distinct from (excluded.window_start, excluded.window_end)`);
}

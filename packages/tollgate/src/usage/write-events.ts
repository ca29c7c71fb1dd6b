import type { Db } from '../db/connect.ts';
import { preparedRows } from '../entitlements/prepared-rows.ts';
import type { Grant } from '../entitlements/grant.ts';
import type { UsageWindow } from '../entitlements/windows.ts';
import { EVENT_COLUMNS, type EventRow, eventFromRow, type UsageEvent } from './event.ts';

/** One event ready for the ledger: its window and the plan's terms decided. */
export interface PreparedEvent {
  id: string;
  customer: string;
  feature: string;
  amount: number;
  idempotencyKey: string;
  occurredAt: Date;
  window: UsageWindow;
  properties: Record<string, unknown> | null;
  /** Included amount (null = unlimited or not in plan: nothing is billable). */
  included: number | null;
  /** Usage beyond `included` is billable. */
  soft: boolean;
}

/*
 * Appends events and adds the new ones to their window counters in one
 * statement. $1: events, $2: window terms per counter, $3: now.
 */
const TRACK_SQL = `with ins as (
          insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties)
          select i, c, f, a, k, t, $3::timestamptz, w, p
          from jsonb_to_recordset($1::jsonb) as x(i text, c text, f text, a bigint, k text, t timestamptz, w text, p jsonb)
          on conflict (customer_id, idempotency_key) do nothing
          returning id, customer_id, feature, window_key, amount
        ), agg as (
          select ins.customer_id, ins.feature, ins.window_key, sum(ins.amount)::bigint as amount,
            min(w.s) as ws, min(w.e) as we, min(w.n) as included, bool_or(w.o) as soft
          from ins join jsonb_to_recordset($2::jsonb) as w(c text, f text, w text, s timestamptz, e timestamptz, n bigint, o boolean)
            on w.c = ins.customer_id and w.f = ins.feature and w.w = ins.window_key
          group by ins.customer_id, ins.feature, ins.window_key
        ), up as (
          insert into usage_counters as u (customer_id, feature, window_key, window_start, window_end, used, included, soft, billable, reported, updated_at)
          select customer_id, feature, window_key, ws, we, amount, included, soft,
            case when soft then greatest(0, amount - included) else 0 end, 0, $3::timestamptz
          from agg order by customer_id, feature, window_key
          on conflict (customer_id, feature, window_key) do update set
            used = u.used + excluded.used,
            included = excluded.included,
            soft = u.soft or excluded.soft,
            billable = u.billable + case when excluded.soft
              then greatest(0, u.used + excluded.used - excluded.included) - greatest(0, u.used - excluded.included)
              else 0 end,
            updated_at = excluded.updated_at
          returning 1
        )
        select id from ins`;

/** The counter terms a grant implies. */
export function counterTerms(grant: Grant): { included: number | null; soft: boolean } {
  if (grant.kind === 'limited') return { included: grant.included, soft: grant.overage !== null };
  return { included: null, soft: false };
}

/**
 * Appends events to the ledger and adds them to their window counters in ONE
 * statement (one round trip, atomic): a multi-row insert that skips repeated
 * idempotency keys, then an upsert of the per-window sums of the rows that
 * were new. Rows are sorted so concurrent batches lock in the same order.
 * Returns the events in input order; repeats come back as the original record.
 */
export async function writeEvents(db: Db, events: PreparedEvent[], now: Date): Promise<UsageEvent[]> {
  if (events.length === 0) return [];
  const sorted = [...events].sort((a, b) =>
    a.customer === b.customer ? (a.idempotencyKey < b.idempotencyKey ? -1 : 1) : a.customer < b.customer ? -1 : 1,
  );
  // Per-event fields go once per event; window and plan terms once per counter.
  const payload = JSON.stringify(
    sorted.map((e) => ({
      i: e.id,
      c: e.customer,
      f: e.feature,
      a: e.amount,
      k: e.idempotencyKey,
      t: e.occurredAt.toISOString(),
      w: e.window.key,
      p: e.properties,
    })),
  );
  const windows = new Map<string, { c: string; f: string; w: string; s: string; e: string; n: number | null; o: boolean }>();
  for (const e of sorted) {
    const key = `${e.customer}\u0000${e.feature}\u0000${e.window.key}`;
    if (!windows.has(key)) {
      windows.set(key, { c: e.customer, f: e.feature, w: e.window.key, s: e.window.start.toISOString(), e: e.window.end.toISOString(), n: e.included, o: e.soft });
    }
  }
  const terms = JSON.stringify([...windows.values()]);
  const nowIso = now.toISOString();
  const inserted = await preparedRows<{ id: string }>(db, 'tollgate_track', TRACK_SQL, [payload, terms, nowIso]);
  const fresh = new Set(inserted.map((r) => r.id));
  const originals = new Map<string, UsageEvent>();
  const repeats = events.filter((e) => !fresh.has(e.id));
  if (repeats.length > 0) {
    const keys = JSON.stringify(repeats.map((e) => ({ c: e.customer, k: e.idempotencyKey })));
    const rows = await preparedRows<EventRow>(
      db,
      'tollgate_track_originals',
      `select ${EVENT_COLUMNS.replace(/(\w+)/g, 'e.$1')} from jsonb_to_recordset($1::jsonb) as r(c text, k text)
       join usage_events e on e.customer_id = r.c and e.idempotency_key = r.k`,
      [keys],
    );
    for (const row of rows) originals.set(`${row.customer_id}\u0000${row.idempotency_key}`, eventFromRow(row, true));
  }
  return events.map((e) => {
    if (fresh.has(e.id)) {
      return {
        id: e.id,
        customer: e.customer,
        feature: e.feature,
        amount: e.amount,
        idempotencyKey: e.idempotencyKey,
        timestamp: e.occurredAt.toISOString(),
        recordedAt: nowIso,
        windowKey: e.window.key,
        properties: e.properties,
        reversesId: null,
        duplicate: false,
      };
    }
    const original = originals.get(`${e.customer}\u0000${e.idempotencyKey}`);
    if (!original) throw new Error(`usage: event ${e.idempotencyKey} was neither written nor found`);
    return original;
  });
}

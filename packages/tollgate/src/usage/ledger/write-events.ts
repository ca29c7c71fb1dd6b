import type { Db } from '../../core/db/connect.ts';
import type { Executor } from '../../core/db/sql.ts';
import { hasPgCode, PG_DEADLOCK, PG_UNIQUE_VIOLATION } from '../../core/db/pg-errors.ts';
import type { Grant } from '../entitlements/grant.ts';
import type { UsageWindow } from '../entitlements/windows.ts';
import { eventFromRow, type UsageEvent } from './event.ts';
import { sameUsage } from './idempotency.ts';
import { type SeenRow, TRACK_BLIND, TRACK_ORIGINALS, TRACK_PROBE, TRACK_SAFE, type TrackParams } from './track-sql.ts';

/** What one customer x feature x window counter is, and the plan's terms for it. */
export interface CounterTerms {
  customer: string;
  feature: string;
  window: UsageWindow;
  /** Included amount (null = unlimited or not in plan: nothing is billable). */
  included: number | null;
  /** Usage beyond `included` is billable. */
  soft: boolean;
  /** `window.start` and `window.end` in epoch milliseconds (compared once per event). */
  startMs: number;
  endMs: number;
}

/**
 * One event ready for the ledger: its window and the plan's terms decided.
 * Events of one counter share its `CounterTerms` object.
 */
export interface PreparedEvent {
  id: string;
  amount: number;
  idempotencyKey: string;
  occurredAt: Date;
  properties: Record<string, unknown> | null;
  counter: CounterTerms;
}

/** Batches in a row without repeats after which the probe is skipped. */
const CALM_BATCHES = 8;
/** Per database: batches in a row that had no repeated key. */
const calmStreak = new WeakMap<object, number>();

/** The counter terms a grant implies. */
export function counterTerms(grant: Grant): { included: number | null; soft: boolean } {
  if (grant.kind === 'limited') return { included: grant.included, soft: grant.overage !== null };
  return { included: null, soft: false };
}

function compareCounters(a: CounterTerms, b: CounterTerms): number {
  if (a.customer !== b.customer) return a.customer < b.customer ? -1 : 1;
  if (a.feature !== b.feature) return a.feature < b.feature ? -1 : 1;
  if (a.window.key !== b.window.key) return a.window.key < b.window.key ? -1 : 1;
  return 0;
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * A Postgres array literal of strings, built with one join: the driver's own
 * array encoder runs two regular expressions per element, which costs more
 * than the rest of a batch's preparation.
 */
export function textArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  const joined = values.join('","');
  if (!NEEDS_ESCAPE.test(joined)) return `{"${joined}"}`;
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** A Postgres array literal of integers or booleans (null elements as NULL). */
function plainArray(values: readonly (number | boolean | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : String(v))).join(',')}}`;
}

/** `date.toISOString()`, reusing the last answer for the same instant (most events of a batch share one). */
function isoCache(): (date: Date) => string {
  let lastMs = NaN;
  let lastIso = '';
  return (date) => {
    const ms = date.getTime();
    if (ms !== lastMs) {
      lastMs = ms;
      lastIso = date.toISOString();
    }
    return lastIso;
  };
}

/** The statement's parameters: one array per column, the counters once each. */
function parameters(events: PreparedEvent[], now: Date, iso: (d: Date) => string): TrackParams {
  const n = events.length;
  const counters: CounterTerms[] = [];
  const slotOf = new Map<CounterTerms, number>();
  const ids = new Array<string>(n);
  const keys = new Array<string>(n);
  const amounts = new Array<number>(n);
  const times = new Array<string>(n);
  const nowMs = now.getTime();
  const slots = new Array<CounterTerms>(n);
  let properties: (Record<string, unknown> | null)[] | null = null;
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    if (!slotOf.has(e.counter)) {
      slotOf.set(e.counter, 0);
      counters.push(e.counter);
    }
    slots[i] = e.counter;
    ids[i] = e.id;
    keys[i] = e.idempotencyKey;
    amounts[i] = e.amount;
    // Most events happen "now": NULL stands for $14 (less to send and parse).
    times[i] = e.occurredAt.getTime() === nowMs ? 'NULL' : `"${iso(e.occurredAt)}"`;
    if (e.properties !== null) {
      properties ??= new Array<Record<string, unknown> | null>(n).fill(null);
      properties[i] = e.properties;
    }
  }
  counters.sort(compareCounters);
  counters.forEach((c, i) => slotOf.set(c, i + 1));
  const eventCustomers = new Array<string>(n);
  const eventFeatures = new Array<string>(n);
  const eventWindows = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = slots[i]!;
    eventCustomers[i] = c.customer;
    eventFeatures[i] = c.feature;
    eventWindows[i] = c.window.key;
  }
  return [
    textArray(ids),
    textArray(keys),
    plainArray(amounts),
    `{${times.join(',')}}`,
    plainArray(slots.map((c) => slotOf.get(c) ?? 0)),
    properties === null ? null : JSON.stringify(properties),
    textArray(counters.map((c) => c.customer)),
    textArray(counters.map((c) => c.feature)),
    textArray(counters.map((c) => c.window.key)),
    textArray(counters.map((c) => c.window.start.toISOString())),
    textArray(counters.map((c) => c.window.end.toISOString())),
    plainArray(counters.map((c) => c.included)),
    plainArray(counters.map((c) => c.soft)),
    now.toISOString(),
    textArray(eventCustomers),
    textArray(eventFeatures),
    textArray(eventWindows),
  ];
}

function seenOrdinals(rows: SeenRow[]): number[] {
  const seen = rows[0]?.seen ?? [];
  // PGlite may answer an int[] as its text form.
  if (typeof seen === 'string') return seen === '{}' ? [] : seen.slice(1, -1).split(',').map(Number);
  return seen;
}

/** Ordinals (1-based) of the events that were not written: their keys were already in the ledger. */
/**
 * Ordinals (1-based) of the events that were not written: their keys were
 * already in the ledger. `null` (all or nothing only): some key was a repeat
 * and nothing was written; the caller goes the checked way.
 */
async function insertEvents(db: Db, events: PreparedEvent[], now: Date, iso: (d: Date) => string, atomic: boolean): Promise<number[] | null> {
  const values = parameters(events, now, iso);
  const streak = calmStreak.get(db) ?? 0;
  const blind = streak >= CALM_BATCHES;
  let seen: number[];
  try {
    seen = seenOrdinals(await (blind ? TRACK_BLIND : TRACK_PROBE).rows(db, [...values, atomic]));
  } catch (error) {
    if (!hasPgCode(error, PG_UNIQUE_VIOLATION, PG_DEADLOCK)) throw error;
    calmStreak.set(db, 0);
    if (atomic) return null;
    return seenOrdinals(await TRACK_SAFE.rows(db, values));
  }
  calmStreak.set(db, seen.length === 0 ? streak + 1 : 0);
  return atomic && seen.length > 0 ? null : seen;
}

/** What a write did: every event in input order (a repeat as its original), and which repeats were other usage. */
export interface WrittenEvents {
  events: UsageEvent[];
  /** 0-based positions of events whose key already recorded other usage (`idempotency.ts`): answered 409. */
  conflicts: number[];
}

interface Written {
  seen: number[];
  originals: Map<string, UsageEvent>;
}

async function loadOriginals(db: Executor | Db, events: PreparedEvent[], seen: number[], inTransaction: boolean): Promise<Map<string, UsageEvent>> {
  const originals = new Map<string, UsageEvent>();
  if (seen.length === 0) return originals;
  const repeats = seen.map((n) => events[n - 1]!);
  const values: [string, string] = [textArray(repeats.map((e) => e.counter.customer)), textArray(repeats.map((e) => e.idempotencyKey))];
  const rows = inTransaction ? await TRACK_ORIGINALS.rowsIn(db, values) : await TRACK_ORIGINALS.rows(db as Db, values);
  for (const row of rows) originals.set(`${row.customer_id}\u0000${row.idempotency_key}`, eventFromRow(row, true));
  return originals;
}

/** Positions of repeats whose original is other usage. */
function conflictsOf(events: PreparedEvent[], written: Written): number[] {
  const conflicts: number[] = [];
  for (const n of written.seen) {
    const e = events[n - 1]!;
    const original = written.originals.get(`${e.counter.customer}\u0000${e.idempotencyKey}`);
    if (original && !sameUsage(original, { feature: e.counter.feature, amount: e.amount, properties: e.properties })) conflicts.push(n - 1);
  }
  return conflicts;
}

class Conflicted extends Error {
  constructor(readonly written: Written) {
    super('usage: a repeated idempotency key recorded other usage');
  }
}

/**
 * All or nothing, the checked way (a batch with a repeated key): in one
 * transaction, the safe statement, then the originals; a key that recorded
 * other usage rolls everything back.
 */
async function writeChecked(db: Db, events: PreparedEvent[], now: Date, iso: (d: Date) => string): Promise<Written & { conflicts: number[] }> {
  const values = parameters(events, now, iso);
  try {
    return await db.transaction(async (tx) => {
      const seen = seenOrdinals(await TRACK_SAFE.rowsIn(tx, values));
      const written = { seen, originals: await loadOriginals(tx, events, seen, true) };
      const conflicts = conflictsOf(events, written);
      if (conflicts.length > 0) throw new Conflicted(written);
      return { ...written, conflicts };
    });
  } catch (error) {
    if (!(error instanceof Conflicted)) throw error;
    return { ...error.written, conflicts: conflictsOf(events, error.written) };
  }
}

/**
 * Appends events to the ledger and adds them to their window counters in ONE
 * statement (one round trip, atomic): a multi-row insert that skips repeated
 * idempotency keys, then an upsert of the per-window sums of the rows that
 * were new. Counters are upserted in sorted order so concurrent batches lock
 * them in the same order. Returns the events in input order; repeats come
 * back as the original record, and those whose original is other usage
 * (another feature, amount or properties) are listed in `conflicts`.
 * `atomic` (a batch request): when any key conflicts, nothing is written.
 */
export async function writeEvents(db: Db, events: PreparedEvent[], now: Date, options: { atomic?: boolean } = {}): Promise<WrittenEvents> {
  if (events.length === 0) return { events: [], conflicts: [] };
  const iso = isoCache();
  const atomic = options.atomic === true;
  const fast = await insertEvents(db, events, now, iso, atomic);
  let written: Written;
  let conflicts: number[];
  if (fast === null) {
    const checked = await writeChecked(db, events, now, iso);
    written = checked;
    conflicts = checked.conflicts;
  } else {
    written = { seen: fast, originals: await loadOriginals(db, events, fast, false) };
    conflicts = conflictsOf(events, written);
  }
  return { events: answers(events, written, now, iso), conflicts };
}

function answers(events: PreparedEvent[], written: Written, now: Date, iso: (d: Date) => string): UsageEvent[] {
  const nowIso = now.toISOString();
  const repeated = new Set<number>(written.seen);
  const out = new Array<UsageEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const c = e.counter;
    if (repeated.size === 0 || !repeated.has(i + 1)) {
      out[i] = {
        id: e.id,
        customer: c.customer,
        feature: c.feature,
        amount: e.amount,
        idempotencyKey: e.idempotencyKey,
        timestamp: iso(e.occurredAt),
        recordedAt: nowIso,
        windowKey: c.window.key,
        properties: e.properties,
        reversesId: null,
        duplicate: false,
      };
      continue;
    }
    const original = written.originals.get(`${c.customer}\u0000${e.idempotencyKey}`);
    if (!original) throw new Error(`usage: event ${e.idempotencyKey} was neither written nor found`);
    out[i] = original;
  }
  return out;
}

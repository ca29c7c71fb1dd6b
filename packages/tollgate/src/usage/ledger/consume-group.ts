import type { Db } from '../../core/db/connect.ts';
import { createGroups, perObject } from '../../core/lib/batcher.ts';
import type { UsageWindow } from '../entitlements/windows.ts';
import { CONSUME, CONSUME_ORIGINALS } from './consume-sql.ts';
import { retryRefusedAfter } from './retry-refused.ts';
import type { EventRow } from './event.ts';

/** One consume, decided: its window and the plan's terms. */
export interface ConsumeRequest {
  id: string;
  customer: string;
  feature: string;
  amount: number;
  idempotencyKey: string;
  properties: Record<string, unknown> | null;
  window: UsageWindow;
  /** Hard limit; null when usage beyond the included amount is allowed (soft) or unlimited. */
  limit: number | null;
  included: number | null;
  soft: boolean;
  now: Date;
}

export type ConsumeOutcome =
  | { kind: 'inserted'; usedAfter: number; billableAfter: number }
  | { kind: 'duplicate'; row: EventRow; used: number; billable: number }
  | { kind: 'refused'; used: number; billable: number };

const MAX_GROUP = 256;
const REFUSED: ConsumeOutcome = { kind: 'refused', used: 0, billable: 0 };
const groups = perObject((db: Db) =>
  createGroups(
    async (reqs: ConsumeRequest[]) => {
      const outcomes = await flushGroup(db, reqs);
      return reqs.map((_, i) => outcomes[i] ?? REFUSED);
    },
    { maxItems: MAX_GROUP, concurrency: 1, gather: 'none' },
  ),
);

/**
 * Group commit for consumes of one counter. The first consume of a counter
 * runs at once; consumes arriving while it runs wait and then run together,
 * in arrival order, in ONE statement (one row lock, one commit). Decisions
 * are exactly those of running them one by one; the row lock makes the
 * counter exact across processes too. On a hot customer this turns one
 * commit (an fsync) per consume into one per group.
 */
export function submitConsume(db: Db, req: ConsumeRequest): Promise<ConsumeOutcome> {
  const key = `${req.customer}\u0000${req.feature}\u0000${req.window.key}\u0000${req.limit}\u0000${req.included}\u0000${req.soft}`;
  return groups(db).submit(key, req);
}

/** Consumes waiting behind a running group on `db` (what a test stages a race with). */
export function waitingConsumes(db: Db): number {
  return groups(db).waiting();
}

function overage(used: number, included: number | null): number {
  return included === null ? 0 : Math.max(0, used - included);
}

async function flushGroup(db: Db, reqs: ConsumeRequest[]): Promise<ConsumeOutcome[]> {
  const first = reqs[0];
  if (!first) return [];
  const payload = JSON.stringify(reqs.map((r, o) => ({ o, i: r.id, a: r.amount, k: r.idempotencyKey, p: r.properties, t: r.now.toISOString() })));
  const rows = await CONSUME.rows(db, [
    first.customer,
    first.feature,
    first.window.key,
    payload,
    first.limit,
    first.now.toISOString(),
    first.soft,
    first.included,
  ]);
  const head = rows[0];
  if (!head || head.start_used === null) throw new Error(`usage: counter row ${first.window.key} missing`);
  const inserted = new Set(typeof head.inserted === 'string' ? (JSON.parse(head.inserted) as string[]) : head.inserted);
  const startUsed = Number(head.start_used);
  const startBillable = Number(head.start_billable);
  const billableAt = (used: number) => (first.soft ? startBillable + overage(used, first.included) - overage(startUsed, first.included) : startBillable);
  // Originals of repeated keys: earlier events, a sibling in this group, or (rarely) one another process inserted meanwhile.
  const lookups = reqs.filter((r, o) => rows[o]?.prior || (rows[o]?.ok && !inserted.has(r.id)) || !rows[o]?.ok);
  const originals = new Map<string, EventRow>();
  const keyed = lookups.filter((r) => r.idempotencyKey !== r.id).map((r) => r.idempotencyKey);
  if (keyed.length > 0) {
    const found = await CONSUME_ORIGINALS.rows(db, [first.customer, JSON.stringify(keyed)]);
    for (const row of found) originals.set(row.idempotency_key, row);
  }
  // A phantom: the walk counted an event whose key another process inserted and committed while this
  // statement waited for the row lock (its snapshot predates that commit), so the insert skipped it.
  // Usage after it is overstated by its amount, and a refusal after it may be wrong: those go again.
  let phantoms = 0;
  const outcomes = reqs.map((r, o): ConsumeOutcome => {
    const row = rows[o];
    if (row?.ok && !inserted.has(r.id)) phantoms += r.amount;
    const used = Number(row?.used ?? startUsed) - phantoms;
    if (row?.ok && inserted.has(r.id)) return { kind: 'inserted', usedAfter: used, billableAfter: billableAt(used) };
    const original = originals.get(r.idempotencyKey);
    if (original) return { kind: 'duplicate', row: original, used, billable: billableAt(used) };
    return { kind: 'refused', used, billable: billableAt(used) };
  });
  if (phantoms === 0) return outcomes;
  const firstPhantom = rows.findIndex((row, o) => row.ok && !inserted.has(reqs[o]!.id));
  return retryRefusedAfter(reqs, outcomes, firstPhantom, (again) => flushGroup(db, again));
}

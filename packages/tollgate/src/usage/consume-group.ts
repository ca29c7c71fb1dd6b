import { sql } from 'drizzle-orm';
import type { Db } from '../db/connect.ts';
import { queryRows } from '../db/rows.ts';
import type { UsageWindow } from '../entitlements/windows.ts';
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

interface Pending {
  req: ConsumeRequest;
  resolve: (outcome: ConsumeOutcome) => void;
  reject: (error: unknown) => void;
}

interface Queue {
  waiting: Pending[];
}

const MAX_GROUP = 256;
const queues = new WeakMap<object, Map<string, Queue>>();

class RaceLost extends Error {}

/**
 * Group commit for consumes of one counter. The first consume of a counter
 * runs at once; consumes arriving while it holds the row lock wait and then
 * run together, in arrival order, under ONE lock and ONE commit. Decisions
 * are exactly those of running them one by one; the row lock makes the
 * counter exact across processes too. On a hot customer this turns one
 * commit (an fsync) per consume into one per group.
 */
export function submitConsume(db: Db, req: ConsumeRequest): Promise<ConsumeOutcome> {
  let perDb = queues.get(db);
  if (!perDb) {
    perDb = new Map();
    queues.set(db, perDb);
  }
  const key = `${req.customer}\u0000${req.feature}\u0000${req.window.key}\u0000${req.limit}\u0000${req.included}\u0000${req.soft}`;
  const existing = perDb.get(key);
  return new Promise<ConsumeOutcome>((resolve, reject) => {
    if (existing) {
      existing.waiting.push({ req, resolve, reject });
      return;
    }
    const queue: Queue = { waiting: [{ req, resolve, reject }] };
    perDb.set(key, queue);
    void drain(db, key, queue, perDb);
  });
}

async function drain(db: Db, key: string, queue: Queue, perDb: Map<string, Queue>): Promise<void> {
  while (queue.waiting.length > 0) {
    const batch = queue.waiting.splice(0, MAX_GROUP);
    try {
      const outcomes = await flushWithRetry(db, batch.map((p) => p.req));
      batch.forEach((p, i) => p.resolve(outcomes[i] ?? { kind: 'refused', used: 0, billable: 0 }));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
  perDb.delete(key);
}

async function flushWithRetry(db: Db, reqs: ConsumeRequest[]): Promise<ConsumeOutcome[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await flushGroup(db, reqs);
    } catch (error) {
      // Another process inserted one of our idempotency keys meanwhile: run again, it is now a duplicate.
      if (!(error instanceof RaceLost) || attempt >= 3) throw error;
    }
  }
}

function overage(used: number, included: number | null): number {
  return included === null ? 0 : Math.max(0, used - included);
}

async function flushGroup(db: Db, reqs: ConsumeRequest[]): Promise<ConsumeOutcome[]> {
  const first = reqs[0];
  if (!first) return [];
  return db.transaction(async (tx) => {
    const [counter] = await queryRows<{ used: string | number; billable: string | number }>(
      tx,
      sql`select used, billable from usage_counters
          where customer_id = ${first.customer} and feature = ${first.feature} and window_key = ${first.window.key}
          for update`,
    );
    if (!counter) throw new Error(`usage: counter row ${first.window.key} missing`);
    const prior = new Map<string, EventRow>();
    const keys = JSON.stringify(reqs.filter((r) => r.idempotencyKey !== r.id).map((r) => r.idempotencyKey));
    if (keys !== '[]') {
      const rows = await queryRows<EventRow>(
        tx,
        sql`select * from usage_events where customer_id = ${first.customer}
            and idempotency_key in (select jsonb_array_elements_text(${keys}::jsonb))`,
      );
      for (const row of rows) prior.set(row.idempotency_key, row);
    }
    let used = Number(counter.used);
    let billable = Number(counter.billable);
    const start = used;
    const accepted: ConsumeRequest[] = [];
    const outcomes: ConsumeOutcome[] = [];
    const inGroup = new Map<string, ConsumeRequest>();
    for (const r of reqs) {
      const before = prior.get(r.idempotencyKey);
      const sibling = inGroup.get(r.idempotencyKey);
      if (before) outcomes.push({ kind: 'duplicate', row: before, used, billable });
      else if (sibling) outcomes.push({ kind: 'duplicate', row: rowOf(sibling), used, billable });
      else if (r.limit === null || used + r.amount <= r.limit) {
        const after = used + r.amount;
        if (r.soft) billable += overage(after, r.included) - overage(used, r.included);
        used = after;
        accepted.push(r);
        inGroup.set(r.idempotencyKey, r);
        outcomes.push({ kind: 'inserted', usedAfter: used, billableAfter: billable });
      } else outcomes.push({ kind: 'refused', used, billable });
    }
    if (accepted.length === 0) return outcomes;
    const payload = JSON.stringify(accepted.map(rowOf));
    const inserted = await queryRows<{ id: string }>(
      tx,
      sql`insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties)
          select id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties
          from jsonb_to_recordset(${payload}::jsonb) as t(id text, customer_id text, feature text, amount bigint,
            idempotency_key text, occurred_at timestamptz, recorded_at timestamptz, window_key text, properties jsonb)
          on conflict (customer_id, idempotency_key) do nothing
          returning id`,
    );
    if (inserted.length !== accepted.length) throw new RaceLost('an idempotency key was taken concurrently');
    await tx.execute(sql`
      update usage_counters set used = used + ${used - start}::bigint, billable = ${billable}::bigint,
        included = ${first.included}::bigint, soft = soft or ${first.soft}::boolean, updated_at = ${first.now.toISOString()}::timestamptz
      where customer_id = ${first.customer} and feature = ${first.feature} and window_key = ${first.window.key}`);
    return outcomes;
  });
}

function rowOf(r: ConsumeRequest): EventRow {
  return {
    id: r.id,
    customer_id: r.customer,
    feature: r.feature,
    amount: r.amount,
    idempotency_key: r.idempotencyKey,
    occurred_at: r.now.toISOString(),
    recorded_at: r.now.toISOString(),
    window_key: r.window.key,
    properties: r.properties,
    reverses_id: null,
  };
}

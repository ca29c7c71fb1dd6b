import { enqueueTrialWillEnd } from '../../notify/hooks/trial-will-end.ts';
import { sql } from 'drizzle-orm';
import { queryPrepared } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { applyBatch, type BatchItem, batchLockKeys, NeedsOneByOne, setBasedKind } from '../mirror/batch.ts';
import { lockKeysSql } from '../mirror/lock.ts';
import { type IngestResult, ingestEvent, objectOfEvent, recordFailure, type StripeEventLike, storableEvent } from './ingest-event.ts';

/** A verified event and the body it came in (stored as the ledger's payload). */
export interface Delivery {
  event: StripeEventLike;
  body: string;
}

/**
 * Ingests many deliveries in one transaction: one statement records them on
 * the ledger (a duplicate, or an event already processed, comes back
 * `duplicate`), `applyBatch` applies their objects, and the ledger rows, the
 * mirror changes and the hooks commit together, as `ingestEvent` does for
 * one. If the batch fails, each delivery is ingested again on its own, so
 * that one bad event fails alone (Stripe retries it) and the others land.
 */
export async function ingestEvents(deps: Deps, deliveries: Delivery[]): Promise<PromiseSettledResult<IngestResult>[]> {
  if (deliveries.length === 0) return [];
  try {
    const results = await deps.db.transaction(async (tx) => ingestTogether({ ...deps, db: tx }, deliveries));
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch (error) {
    if (deliveries.length === 1 && !(error instanceof NeedsOneByOne)) {
      const only = deliveries[0] as Delivery;
      await recordFailure(deps, only.event, only.body, error);
      return [{ status: 'rejected', reason: error }];
    }
    if (!(error instanceof NeedsOneByOne))
      deps.log.warn('webhook batch failed; ingesting its events one by one', { events: deliveries.length, error: String(error) });
    const out: PromiseSettledResult<IngestResult>[] = [];
    for (const d of deliveries) out.push(await settle(ingestEvent(deps, d.event, d.body)));
    return out;
  }
}

async function ingestTogether(deps: Deps, received: Delivery[]): Promise<IngestResult[]> {
  const now = deps.clock.now().toISOString();
  // What Postgres cannot store (a NUL in metadata) is replaced, and the ledger row says so.
  const notes = new Map<string, string>();
  const deliveries = received.map((d) => {
    const cleaned = storableEvent(d.event, d.body);
    if (!cleaned.note) return d;
    notes.set(d.event.id, cleaned.note);
    deps.log.warn('stripe event stored altered', { eventId: d.event.id, type: d.event.type, note: cleaned.note });
    return { event: cleaned.event, body: cleaned.body ?? d.body };
  });
  // The first delivery of an id is the one processed; a copy in the same batch is a duplicate.
  const first = new Map<string, number>();
  deliveries.forEach((d, i) => {
    if (!first.has(d.event.id)) first.set(d.event.id, i);
  });
  const unique = [...first.values()].map((i) => deliveries[i] as Delivery);
  const objects = new Map(unique.map((d) => [d.event.id, objectOfEvent(d.event)]));
  const json = `[${unique
    .map(
      ({ event, body }) =>
        `{"id":${JSON.stringify(event.id)},"type":${JSON.stringify(event.type)},"created":${event.created},"livemode":${event.livemode},"note":${JSON.stringify(notes.get(event.id) ?? null)},"payload":${body}}`,
    )
    .join(',')}]`;
  // When every object is applied set-based, the same statement takes their locks (else the
  // one-by-one objects go first, and applyBatch locks the rest after them).
  const mirrored = [...objects.values()].filter((o) => o !== null);
  const lockNow = mirrored.every((o) => setBasedKind(o) !== undefined);
  const keys = lockNow ? batchLockKeys(mirrored) : [];
  // New events, and events a failed attempt left unprocessed, come back; processed ones do not.
  const [taken] = await queryPrepared<{ ids: string[] | string; locks: number; generic: string }>(
    deps.db,
    sql`with taken as (
        insert into payment_events (id, type, created, livemode, payload, received_at, processed_at, note)
        select e.id, e.type, e.created, e.livemode, e.payload, ${now}::timestamptz, ${now}::timestamptz, e.note
        from jsonb_to_recordset(${json}::jsonb) as e(id text, type text, created bigint, livemode boolean, note text, payload jsonb)
        on conflict (id) do update set processed_at = excluded.processed_at, received_at = excluded.received_at, error = null, note = excluded.note
        where payment_events.processed_at is null
        returning id),
      locks as (${keys.length > 0 ? lockKeysSql(keys) : sql`select 1`})
      select coalesce((select json_agg(id) from taken), '[]'::json) as ids, (select count(*) from locks)::int as locks,
        -- The batch's statements have fixed shapes and JSON parameters: plan them once per connection.
        set_config('plan_cache_mode', 'force_generic_plan', true) as generic`,
  );
  const ids = typeof taken?.ids === 'string' ? (JSON.parse(taken.ids) as string[]) : (taken?.ids ?? []);
  const fresh = new Set(ids);

  const results: IngestResult[] = deliveries.map(() => ({ outcome: 'duplicate' }));
  const items: BatchItem[] = [];
  const itemOf: number[] = [];
  deliveries.forEach(({ event }, i) => {
    if (first.get(event.id) !== i || !fresh.has(event.id)) return;
    const object = objects.get(event.id);
    if (!object) {
      results[i] = { outcome: 'ignored' };
      return;
    }
    items.push({ object, event: { id: event.id, created: event.created } });
    itemOf.push(i);
  });
  const applied = await applyBatch(deps, items, { locked: lockNow });
  applied.forEach((apply, k) => {
    const i = itemOf[k];
    if (i !== undefined) results[i] = { outcome: 'processed', apply };
  });
  for (const [k, item] of items.entries()) {
    const event = deliveries[itemOf[k] ?? -1]?.event;
    if (event?.type === 'customer.subscription.trial_will_end') await enqueueTrialWillEnd(deps, item.object.id, event.id);
  }
  return results;
}

function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return promise.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}

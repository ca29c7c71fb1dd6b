import { enqueueTrialWillEnd } from '../../notify/hooks/trial-will-end.ts';
import { sql } from 'drizzle-orm';
import { paymentEvents } from '../../core/db/schema/payment-events.ts';
import { hasPgCode, PG_DEADLOCK } from '../../core/db/pg-errors.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type ApplyResult, applyStripeObject, MIRRORED_OBJECTS } from '../mirror/apply.ts';
import type { StripeObjectLike } from '../mirror/kind.ts';
import { alteredNote, mayNeedCleaning, storable } from '../mirror/storable.ts';

/** The part of a Stripe event the ingester reads. */
export interface StripeEventLike {
  id: string;
  type: string;
  created: number;
  livemode: boolean;
  data: { object: unknown };
}

export type IngestOutcome = 'processed' | 'ignored' | 'duplicate';

export interface IngestResult {
  outcome: IngestOutcome;
  apply?: ApplyResult;
}

/** Events whose object no longer exists in Stripe (the subscription's `.deleted` means canceled, not gone). */
const DELETIONS = new Set(['customer.deleted', 'product.deleted', 'price.deleted', 'invoice.deleted']);
const MIRRORED = new Set<string>(MIRRORED_OBJECTS);
/** Kinds the mirror reads from some events only: a charge matters once refunded (mirror/apply-charge.ts). */
const ONLY_FROM: Record<string, Set<string>> = { charge: new Set(['charge.refunded']) };

/** The object an event brings to the mirror, or null for types Tollgate does not mirror. */
export function objectOfEvent(event: StripeEventLike): StripeObjectLike | null {
  const object = event.data.object;
  if (typeof object !== 'object' || object === null) return null;
  const { id, object: kind } = object as { id?: unknown; object?: unknown };
  if (typeof id !== 'string' || typeof kind !== 'string' || !MIRRORED.has(kind)) return null;
  if (ONLY_FROM[kind] && !ONLY_FROM[kind].has(event.type)) return null;
  if (DELETIONS.has(event.type)) return { ...(object as StripeObjectLike), deleted: true } as StripeObjectLike;
  return object as StripeObjectLike;
}

/** An event as it can be stored, with the note saying what was altered to store it. */
export interface StorableEvent {
  event: StripeEventLike;
  body: string | undefined;
  /** Set when strings Postgres cannot hold (a NUL in metadata, say) were replaced. */
  note: string | null;
}

/**
 * The event with what Postgres refuses (NUL, lone surrogates) replaced in
 * its object and in the body kept on the ledger, so a poison object is
 * stored (altered, with a note) instead of failing forever. The body is
 * only parsed again when its text may hold such a character.
 */
export function storableEvent(event: StripeEventLike, body?: string): StorableEvent {
  if (body !== undefined && !mayNeedCleaning(body)) return { event, body, note: null };
  const cleaned = storable(event);
  if (cleaned.altered.length === 0) return { event, body, note: null };
  const note = alteredNote(cleaned.altered);
  if (body === undefined) return { event: cleaned.value, body, note };
  const payload = storable(JSON.parse(body) as unknown).value;
  return { event: cleaned.value, body: JSON.stringify(payload), note };
}

function ledgerRow(event: StripeEventLike, body: string | undefined, now: Date) {
  return {
    id: event.id,
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    // The event as Stripe sent it when the body is at hand (the ledger keeps api_version, request, ...).
    payload: body === undefined ? event : sql`${body}::jsonb`,
    receivedAt: now,
  };
}

/**
 * Records an event and applies its object, in one transaction: the ledger
 * row, the mirror change and the hooks commit together. A duplicate (the id
 * is already processed) changes nothing. A failure rolls everything back and
 * is then noted on the ledger (unprocessed), so Stripe's retry runs it again.
 */
export async function ingestEvent(deps: Deps, original: StripeEventLike, rawBody?: string): Promise<IngestResult> {
  const { event, body, note } = storableEvent(original, rawBody);
  if (note) deps.log.warn('stripe event stored altered', { eventId: event.id, type: event.type, note });
  const now = deps.clock.now();
  const row = { ...ledgerRow(event, body, now), note };
  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(deps, event, row, now);
    } catch (error) {
      // Postgres ends one of two transactions that wait on each other (a deadlock, 40P01) and the
      // other goes on: the victim rolled back whole, so running it again is safe and is what Stripe's
      // retry would do minutes later.
      if (hasPgCode(error, PG_DEADLOCK) && attempt < DEADLOCK_ATTEMPTS) {
        deps.log.warn('stripe event deadlocked with another writer; running it again', { eventId: event.id, attempt });
        continue;
      }
      await recordFailure(deps, event, body, error);
      throw error;
    }
  }
}

const DEADLOCK_ATTEMPTS = 3;

async function ingestOnce(deps: Deps, event: StripeEventLike, row: typeof paymentEvents.$inferInsert, now: Date): Promise<IngestResult> {
  const note = row.note;
  return await deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(paymentEvents)
      .values({ ...row, processedAt: now })
      .onConflictDoUpdate({
        target: paymentEvents.id,
        set: { processedAt: now, receivedAt: now, error: null, note },
        setWhere: sql`${paymentEvents.processedAt} is null`,
      })
      .returning({ id: paymentEvents.id });
    if (inserted.length === 0) return { outcome: 'duplicate' };
    const object = objectOfEvent(event);
    if (!object) return { outcome: 'ignored' };
    const apply = await applyStripeObject({ ...deps, db: tx }, object, { event: { id: event.id, created: event.created } });
    if (event.type === 'customer.subscription.trial_will_end') await enqueueTrialWillEnd({ ...deps, db: tx }, object.id, event.id);
    return { outcome: 'processed', apply };
  });
}

/** Notes a failed event on the ledger, unprocessed, so that Stripe's retry (or a replay) runs it again. */
export async function recordFailure(deps: Deps, original: StripeEventLike, rawBody: string | undefined, error: unknown): Promise<void> {
  const { event, body } = storableEvent(original, rawBody);
  const row = ledgerRow(event, body, deps.clock.now());
  const message = error instanceof Error ? error.message : String(error);
  await deps.db
    .insert(paymentEvents)
    .values({ ...row, error: message })
    .onConflictDoUpdate({ target: paymentEvents.id, set: { error: message }, setWhere: sql`${paymentEvents.processedAt} is null` })
    .catch(() => {});
}

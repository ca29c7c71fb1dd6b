import { sql } from 'drizzle-orm';
import { paymentEvents } from '../db/schema/payment-events.ts';
import type { Deps } from '../lib/deps.ts';
import { type ApplyResult, applyStripeObject, MIRRORED_OBJECTS } from '../mirror/apply.ts';
import type { StripeObjectLike } from '../mirror/kind.ts';

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

/** The object an event brings to the mirror, or null for types Tollgate does not mirror. */
export function objectOfEvent(event: StripeEventLike): StripeObjectLike | null {
  const object = event.data.object;
  if (typeof object !== 'object' || object === null) return null;
  const { id, object: kind } = object as { id?: unknown; object?: unknown };
  if (typeof id !== 'string' || typeof kind !== 'string' || !MIRRORED.has(kind)) return null;
  if (DELETIONS.has(event.type)) return { ...(object as StripeObjectLike), deleted: true } as StripeObjectLike;
  return object as StripeObjectLike;
}

/**
 * Records an event and applies its object, in one transaction: the ledger
 * row, the mirror change and the hooks commit together. A duplicate (the id
 * is already processed) changes nothing. A failure rolls everything back and
 * is then noted on the ledger (unprocessed), so Stripe's retry runs it again.
 */
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

export async function ingestEvent(deps: Deps, event: StripeEventLike, body?: string): Promise<IngestResult> {
  const now = deps.clock.now();
  const row = ledgerRow(event, body, now);
  try {
    return await deps.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(paymentEvents)
        .values({ ...row, processedAt: now })
        .onConflictDoUpdate({
          target: paymentEvents.id,
          set: { processedAt: now, receivedAt: now, error: null },
          setWhere: sql`${paymentEvents.processedAt} is null`,
        })
        .returning({ id: paymentEvents.id });
      if (inserted.length === 0) return { outcome: 'duplicate' };
      const object = objectOfEvent(event);
      if (!object) return { outcome: 'ignored' };
      const apply = await applyStripeObject({ ...deps, db: tx }, object, { event: { id: event.id, created: event.created } });
      return { outcome: 'processed', apply };
    });
  } catch (error) {
    await recordFailure(deps, event, body, error);
    throw error;
  }
}

/** Notes a failed event on the ledger, unprocessed, so that Stripe's retry (or a replay) runs it again. */
export async function recordFailure(deps: Deps, event: StripeEventLike, body: string | undefined, error: unknown): Promise<void> {
  const row = ledgerRow(event, body, deps.clock.now());
  const message = error instanceof Error ? error.message : String(error);
  await deps.db
    .insert(paymentEvents)
    .values({ ...row, error: message })
    .onConflictDoUpdate({ target: paymentEvents.id, set: { error: message }, setWhere: sql`${paymentEvents.processedAt} is null` })
    .catch(() => {});
}

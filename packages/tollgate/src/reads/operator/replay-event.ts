import { eq } from 'drizzle-orm';
import { paymentEvents } from '../../core/db/schema/payment-events.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import type { StripeObjectLike } from '../../stripe-in/mirror/kind.ts';
import { ingestEvent, type StripeEventLike } from '../../stripe-in/webhooks/ingest-event.ts';

export interface ReplayOutcome {
  eventId: string;
  /** `processed`: a failed event ran again; `reconciled`: its object was fetched from Stripe and applied; `ignored`: nothing to apply. */
  outcome: 'processed' | 'reconciled' | 'ignored';
}

const RETRIEVE: Record<string, (deps: Deps, id: string) => Promise<StripeObjectLike>> = {
  customer: (d, id) => d.stripe.customers.retrieve(id),
  subscription: (d, id) => d.stripe.subscriptions.retrieve(id),
  invoice: (d, id) => d.stripe.invoices.retrieve(id),
  payment_method: (d, id) => d.stripe.paymentMethods.retrieve(id),
  checkout_session: (d, id) => d.stripe.checkout.sessions.retrieve(id),
};

/**
 * Replays one event of the ledger (`payment_events`): an event that failed
 * runs again through the webhook's own ingest (road 1, one transaction); a
 * processed one cannot run twice, so its object is fetched from Stripe now and
 * applied (the mirror's ordering rule keeps it from moving backwards).
 */
export async function replayEvent(deps: Deps, input: { id: string }): Promise<Result<ReplayOutcome>> {
  const [row] = await deps.db.select().from(paymentEvents).where(eq(paymentEvents.id, input.id)).limit(1);
  if (!row) return err(appError('not_found', `no event "${input.id}" in the ledger`, 'id'));
  const event = row.payload as StripeEventLike;
  if (row.processedAt === null) {
    const result = await ingestEvent(deps, event);
    return ok({ eventId: row.id, outcome: result.outcome === 'processed' ? 'processed' : 'ignored' });
  }
  const object = (event as { data?: { object?: { object?: string; id?: string } } }).data?.object;
  const retrieve = object?.object ? RETRIEVE[object.object.replace('.', '_')] : undefined;
  if (!object?.id || !retrieve) return ok({ eventId: row.id, outcome: 'ignored' });
  await applyStripeObject(deps, await retrieve(deps, object.id));
  return ok({ eventId: row.id, outcome: 'reconciled' });
}

import { eq } from 'drizzle-orm';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { subscriptionSnapshot } from './subscription-snapshot.ts';
import { enqueueHooks } from './enqueue.ts';

/**
 * `customer.subscription.trial_will_end` changes nothing in the subscription,
 * so the mirror sees no transition: the event itself is the news. Enqueues
 * `trial.will_end` with the mirrored subscription, in the event's transaction.
 */
export async function enqueueTrialWillEnd(deps: Deps, subscriptionId: string, eventId: string): Promise<void> {
  const [row] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!row) return;
  await enqueueHooks(
    deps,
    [{ type: 'trial.will_end', objectId: row.id, stripeCustomerId: row.stripeCustomerId, payload: { subscription: subscriptionSnapshot(row) } }],
    eventId,
  );
}

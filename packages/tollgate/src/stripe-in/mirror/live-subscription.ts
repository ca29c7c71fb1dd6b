import { and, desc, eq, gte, inArray } from 'drizzle-orm';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { applyStripeObject } from './apply.ts';
import type { SubscriptionRow } from '../../core/db/row-types.ts';

export type { SubscriptionRow };

/** Statuses in which a customer has a subscription they must change rather than buy again. */
export const LIVE_STATUSES = ['active', 'trialing', 'past_due', 'unpaid', 'paused'] as const;

/** The customer's live subscription in the mirror, newest first; undefined when none. */
export async function findLiveSubscription(deps: Pick<Deps, 'db'>, stripeCustomerId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await deps.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.stripeCustomerId, stripeCustomerId), inArray(subscriptions.status, [...LIVE_STATUSES])))
    .orderBy(desc(subscriptions.stripeCreated))
    .limit(1);
  return row;
}

/** The customer's newest subscription that the mirror saw end at or after `since` (our clock); undefined when none. */
export async function findEndedSince(deps: Pick<Deps, 'db'>, stripeCustomerId: string, since: Date): Promise<SubscriptionRow | undefined> {
  const [row] = await deps.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.stripeCustomerId, stripeCustomerId), eq(subscriptions.status, 'canceled'), gte(subscriptions.updatedAt, since)))
    .orderBy(desc(subscriptions.updatedAt))
    .limit(1);
  return row;
}

/** Whether the customer ever had a subscription (a default trial is for first-timers). */
export async function hadSubscription(deps: Pick<Deps, 'db'>, stripeCustomerId: string): Promise<boolean> {
  const rows = await deps.db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.stripeCustomerId, stripeCustomerId)).limit(1);
  return rows.length > 0;
}

/**
 * The live subscription from the mirror, else from Stripe (a webhook not yet
 * arrived): a guard before buying must not trust a mirror that lags. A
 * subscription found in Stripe is applied, which repairs the mirror.
 */
export async function findLiveSubscriptionEverywhere(deps: Deps, stripeCustomerId: string): Promise<SubscriptionRow | undefined> {
  const local = await findLiveSubscription(deps, stripeCustomerId);
  if (local) return local;
  const remote = await deps.stripe.subscriptions.list({ customer: stripeCustomerId, status: 'all', limit: 20 });
  const live = remote.data.filter((s) => (LIVE_STATUSES as readonly string[]).includes(s.status));
  for (const subscription of live) await applyStripeObject(deps, subscription);
  return live.length > 0 ? findLiveSubscription(deps, stripeCustomerId) : undefined;
}

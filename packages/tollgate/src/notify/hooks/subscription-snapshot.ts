import type { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { SubscriptionSnapshot } from './types.ts';

/** A subscription as hooks carry it: the mirror's row, dates as ISO strings. */
export function subscriptionSnapshot(row: typeof subscriptions.$inferSelect): SubscriptionSnapshot {
  return {
    id: row.id,
    stripeCustomerId: row.stripeCustomerId,
    status: row.status,
    planKey: row.planKey,
    interval: row.interval,
    quantity: row.quantity,
    currency: row.currency,
    amount: row.amount,
    currentPeriodStart: row.currentPeriodStart?.toISOString() ?? null,
    currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    canceledAt: row.canceledAt?.toISOString() ?? null,
    trialEnd: row.trialEnd?.toISOString() ?? null,
  };
}

import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * MRR movements (src/metrics): one row each time a subscription's monthly
 * recurring revenue changes, written by the mirror in the transaction that
 * changed the subscription (or by the backfill for history mirrored before).
 * Amounts are minor units of `currency`, per month, discounts applied as
 * `computeMrr` applies them. `amount` = `mrr_after - mrr_before`. A currency
 * change is two rows (churn in the old one, new in the new one).
 */
export const mrrMovements = pgTable(
  'mrr_movements',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    currency: text('currency').notNull(),
    /** `new` | `expansion` | `contraction` | `churn` | `reactivation`. */
    kind: text('kind').notNull(),
    planKey: text('plan_key'),
    previousPlanKey: text('previous_plan_key'),
    mrrBefore: bigint('mrr_before', { mode: 'number' }).notNull(),
    mrrAfter: bigint('mrr_after', { mode: 'number' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** When Stripe's state changed (the applied state's time), or the backfill's start/end dates. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The Stripe event that carried the change, when one did. */
    eventId: text('event_id'),
    /** `live` (recorded as it happened) or `backfill`. */
    source: text('source').notNull(),
    ...createdAt(),
  },
  (t) => [
    index('mrr_movements_subscription_idx').on(t.subscriptionId, t.at, t.id),
    index('mrr_movements_customer_idx').on(t.stripeCustomerId),
    index('mrr_movements_at_idx').on(t.at),
  ],
);

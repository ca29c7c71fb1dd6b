import { bigint, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { currentPeriod, recurringInterval, updatedAt } from './columns.ts';

/** Mirror of a subscription's items (primary key = Stripe's `si_...`). */
export const subscriptionItems = pgTable(
  'subscription_items',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id').notNull(),
    priceId: text('price_id').notNull(),
    productId: text('product_id'),
    /** Tollgate plan named by the price's lookup key / metadata, if any. */
    planKey: text('plan_key'),
    lookupKey: text('lookup_key'),
    /** Null for metered items. */
    quantity: integer('quantity'),
    /** Minor units; null for tiered or metered prices without a flat amount. */
    unitAmount: bigint('unit_amount', { mode: 'number' }),
    currency: text('currency').notNull(),
    ...recurringInterval(),
    /** `licensed` | `metered`. */
    usageType: text('usage_type'),
    ...currentPeriod(),
    stripeCreated: bigint('stripe_created', { mode: 'number' }),
    raw: jsonb('raw').notNull(),
    ...updatedAt(),
  },
  (t) => [index('subscription_items_subscription_idx').on(t.subscriptionId)],
);

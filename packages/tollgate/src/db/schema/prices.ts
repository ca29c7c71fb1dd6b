import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirror of Stripe prices (primary key = Stripe's `price_...`). */
export const prices = pgTable(
  'prices',
  {
    id: text('id').primaryKey(),
    productId: text('product_id').notNull(),
    lookupKey: text('lookup_key'),
    active: boolean('active').notNull(),
    currency: text('currency').notNull(),
    /** Minor units; null for tiered prices. */
    unitAmount: bigint('unit_amount', { mode: 'number' }),
    /** `one_time` | `recurring`. */
    type: text('type').notNull(),
    interval: text('interval'),
    intervalCount: integer('interval_count'),
    usageType: text('usage_type'),
    billingScheme: text('billing_scheme'),
    /** Parsed from the lookup key or metadata (see config/stripe-keys.ts). */
    planKey: text('plan_key'),
    productKey: text('product_key'),
    featureKey: text('feature_key'),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    livemode: boolean('livemode').notNull().default(false),
    stripeCreated: bigint('stripe_created', { mode: 'number' }).notNull(),
    sourceAt: bigint('source_at', { mode: 'number' }).notNull(),
    raw: jsonb('raw').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('prices_lookup_key_idx').on(t.lookupKey), index('prices_product_idx').on(t.productId)],
);

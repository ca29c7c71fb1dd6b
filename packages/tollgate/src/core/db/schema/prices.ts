import { bigint, boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { recurringInterval } from './columns.ts';
import { metadataColumn, mirrorColumns } from './mirror-columns.ts';

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
    ...recurringInterval(),
    usageType: text('usage_type'),
    billingScheme: text('billing_scheme'),
    /** Parsed from the lookup key or metadata (see config/stripe-keys.ts). */
    planKey: text('plan_key'),
    productKey: text('product_key'),
    featureKey: text('feature_key'),
    ...metadataColumn(),
    ...mirrorColumns(),
  },
  (t) => [index('prices_lookup_key_idx').on(t.lookupKey), index('prices_product_idx').on(t.productId)],
);

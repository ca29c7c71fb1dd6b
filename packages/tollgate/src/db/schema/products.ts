import { bigint, boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirror of Stripe products (primary key = Stripe's `prod_...`). */
export const products = pgTable('products', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  active: boolean('active').notNull(),
  /** `metadata.tollgate_plan`, when the product backs a plan. */
  planKey: text('plan_key'),
  /** `metadata.tollgate_product`, when the product is a one-time product. */
  productKey: text('product_key'),
  deleted: boolean('deleted').notNull().default(false),
  metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
  livemode: boolean('livemode').notNull().default(false),
  stripeCreated: bigint('stripe_created', { mode: 'number' }).notNull(),
  sourceAt: bigint('source_at', { mode: 'number' }).notNull(),
  raw: jsonb('raw').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

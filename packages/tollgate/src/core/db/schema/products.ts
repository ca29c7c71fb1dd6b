import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import { metadataColumn, mirrorColumns } from './mirror-columns.ts';

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
  ...metadataColumn(),
  ...mirrorColumns(),
});

import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Mirror of Stripe payment methods (primary key = Stripe's `pm_...`). */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    /** Null once detached from its customer. */
    stripeCustomerId: text('stripe_customer_id'),
    customerId: text('customer_id'),
    type: text('type').notNull(),
    brand: text('brand'),
    last4: text('last4'),
    expMonth: integer('exp_month'),
    expYear: integer('exp_year'),
    livemode: boolean('livemode').notNull().default(false),
    stripeCreated: bigint('stripe_created', { mode: 'number' }).notNull(),
    sourceAt: bigint('source_at', { mode: 'number' }).notNull(),
    raw: jsonb('raw').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('payment_methods_stripe_customer_idx').on(t.stripeCustomerId)],
);

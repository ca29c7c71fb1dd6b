import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { customerRefs } from './columns.ts';
import { mirrorColumns } from './mirror-columns.ts';

/** Mirror of Stripe payment methods (primary key = Stripe's `pm_...`). */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    id: text('id').primaryKey(),
    /** `stripeCustomerId` is null once detached from its customer. */
    ...customerRefs(),
    type: text('type').notNull(),
    brand: text('brand'),
    last4: text('last4'),
    expMonth: integer('exp_month'),
    expYear: integer('exp_year'),
    ...mirrorColumns(),
  },
  (t) => [index('payment_methods_stripe_customer_idx').on(t.stripeCustomerId)],
);

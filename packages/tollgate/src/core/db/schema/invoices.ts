import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { requiredCustomerRefs } from './columns.ts';
import { mirrorColumns } from './mirror-columns.ts';

/** Mirror of Stripe invoices (primary key = Stripe's `in_...`). Amounts in minor units. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    ...requiredCustomerRefs(),
    /** From `parent.subscription_details.subscription`. */
    subscriptionId: text('subscription_id'),
    number: text('number'),
    /** `draft` | `open` | `paid` | `uncollectible` | `void`. */
    status: text('status'),
    billingReason: text('billing_reason'),
    currency: text('currency').notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull().default(0),
    total: bigint('total', { mode: 'number' }).notNull().default(0),
    amountDue: bigint('amount_due', { mode: 'number' }).notNull().default(0),
    amountPaid: bigint('amount_paid', { mode: 'number' }).notNull().default(0),
    amountRemaining: bigint('amount_remaining', { mode: 'number' }).notNull().default(0),
    attemptCount: integer('attempt_count').notNull().default(0),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdf: text('invoice_pdf'),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    dueDate: timestamp('due_date', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    ...mirrorColumns(),
  },
  (t) => [index('invoices_stripe_customer_idx').on(t.stripeCustomerId, t.stripeCreated), index('invoices_subscription_idx').on(t.subscriptionId)],
);

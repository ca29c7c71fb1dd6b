import { bigint, boolean, index, integer, jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { currentPeriod, recurringInterval, requiredCustomerRefs } from './columns.ts';
import { metadataColumn, mirrorColumns } from './mirror-columns.ts';

/**
 * Mirror of Stripe subscriptions (primary key = Stripe's `sub_...`). The plan
 * columns describe the licensed plan item (the price whose lookup key names a
 * Tollgate plan); `amount` is that period's list amount in minor units
 * (Σ quantity × unit amount of licensed items) before discounts.
 */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    ...requiredCustomerRefs(),
    planKey: text('plan_key'),
    /** The plan version of the plan item's price (config/versions.ts); null without a plan. */
    planVersion: integer('plan_version'),
    /** Price ids of all items, in item order. */
    priceIds: jsonb('price_ids').$type<string[]>().notNull().default([]),
    status: text('status').notNull(),
    quantity: integer('quantity'),
    /** The plan item's billing interval. */
    ...recurringInterval(),
    currency: text('currency').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull().default(0),
    /** Percent discount in force (0-100), if any. */
    discountPercentOff: numeric('discount_percent_off', { mode: 'number' }),
    /** Fixed discount per period in minor units of `currency`, if any. */
    discountAmountOff: bigint('discount_amount_off', { mode: 'number' }),
    discounts: jsonb('discounts').$type<unknown[]>().notNull().default([]),
    ...currentPeriod(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    cancelAt: timestamp('cancel_at', { withTimezone: true }),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    trialStart: timestamp('trial_start', { withTimezone: true }),
    trialEnd: timestamp('trial_end', { withTimezone: true }),
    startDate: timestamp('start_date', { withTimezone: true }),
    /**
     * When the subscription entered `past_due`: the time of the first applied
     * Stripe state that showed it past due after one that did not (null
     * while it is not past due). The entitlements' grace counts from it.
     */
    pastDueSince: timestamp('past_due_since', { withTimezone: true }),
    latestInvoiceId: text('latest_invoice_id'),
    ...metadataColumn(),
    ...mirrorColumns(),
  },
  (t) => [
    index('subscriptions_stripe_customer_idx').on(t.stripeCustomerId),
    index('subscriptions_customer_idx').on(t.customerId),
    index('subscriptions_status_idx').on(t.status),
    // Subscriptions by status and plan (the dashboard's overview) from the index alone.
    index('subscriptions_status_plan_idx').on(t.status, t.planKey),
  ],
);

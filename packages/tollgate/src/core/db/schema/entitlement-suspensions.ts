import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Subscriptions whose entitlements are suspended: the past-due grace ended (or
 * Stripe gave up: `unpaid`). A row is written once, when the suspension starts
 * (the `entitlements.suspended` hook goes out in the same transaction), and
 * deleted once, when payment recovers (`entitlements.restored`). The mirror
 * never writes here, so applying Stripe objects cannot reset it.
 */
export const entitlementSuspensions = pgTable('entitlement_suspensions', {
  subscriptionId: text('subscription_id').primaryKey(),
  stripeCustomerId: text('stripe_customer_id').notNull(),
  /** `past_due_grace_ended` or `unpaid`. */
  reason: text('reason').notNull(),
  suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull(),
});

import { integer, text, timestamp } from 'drizzle-orm/pg-core';

// Column builders and column groups many tables share, as functions: each table needs its own
// column builders. Not a table, so not in `index.ts` (the Stripe mirror's own are in mirror-columns.ts).

/** When the row was written. */
export function createdAt() {
  return { createdAt: timestamp('created_at', { withTimezone: true }).notNull() };
}

/** When the row last changed. */
export function updatedAt() {
  return { updatedAt: timestamp('updated_at', { withTimezone: true }).notNull() };
}

/** When the row was written, and when it last changed. */
export function timestamps() {
  return { ...createdAt(), ...updatedAt() };
}

/**
 * The customer a Stripe object belongs to: Stripe's id, and Tollgate's (`cust_...`) when known
 * (no foreign key: events arrive in any order).
 */
export function customerRefs() {
  return { stripeCustomerId: text('stripe_customer_id'), customerId: text('customer_id') };
}

/** `customerRefs()` of an object Stripe never has without a customer (subscriptions, invoices). */
export function requiredCustomerRefs() {
  const columns = customerRefs();
  return { ...columns, stripeCustomerId: columns.stripeCustomerId.notNull() };
}

/**
 * The app's own customer id (the mirror's `external_id`, not a `cust_...` id): what usage, credits,
 * spend caps and alerts are kept by, so a free user who never met Stripe has them too.
 */
export function appCustomerId() {
  return { customerId: text('customer_id').notNull() };
}

/** What usage is counted by: the app's customer and a feature of the config. */
export function usageKey() {
  return { ...appCustomerId(), feature: text('feature').notNull() };
}

/** A credit balance: the app's customer and a credit system of the config. */
export function creditKey() {
  return { ...appCustomerId(), system: text('system').notNull() };
}

/** A ledger movement's times: when it happened (the caller's timestamp, else the clock), and when it was written. */
export function ledgerTimes() {
  return {
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  };
}

/** A Stripe price's billing interval (`recurring.interval`: `month` | `year` | `week` | `day`) and its count; null for one-time prices. */
export function recurringInterval() {
  return { interval: text('interval'), intervalCount: integer('interval_count') };
}

/** Stripe's current billing period of a subscription (or of one of its items). */
export function currentPeriod() {
  return {
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
  };
}

/**
 * The retry state of a row a worker sends until it succeeds: attempts made so far, and the earliest
 * time it may be tried or claimed again (a retry time, or the end of a claim's lease).
 */
export function retryColumns() {
  return {
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  };
}

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

/** What usage is counted by: the app's own customer id (the mirror's `external_id`) and a feature of the config. */
export function usageKey() {
  return { customerId: text('customer_id').notNull(), feature: text('feature').notNull() };
}

/** A credit balance: the app's own customer id (the mirror's `external_id`) and a credit system of the config. */
export function creditKey() {
  return { customerId: text('customer_id').notNull(), system: text('system').notNull() };
}

/**
 * The retry state of a row a worker sends until it succeeds: attempts made so far, and the earliest
 * time it may be tried (or claimed) again.
 */
export function retryColumns() {
  return {
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  };
}

import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, retryColumns, usageKey } from './columns.ts';

/**
 * One meter event the reporter owes Stripe: a customer x feature x window
 * aggregate (seq 0) or a later delta for the same window (seq 1, 2...). The
 * identifier is deterministic, so a resend after a crash is deduplicated by
 * Stripe. Rows are planned in the same transaction that advances
 * `usage_counters.reported`, so nothing is lost between the two.
 *
 * status: `pending` (to send), `sent`, `expired` (older than Stripe accepts:
 * flagged, not sent), `failed` (Stripe refused it: flagged with the error).
 */
export const meterReports = pgTable(
  'meter_reports',
  {
    identifier: text('identifier').primaryKey(),
    ...usageKey(),
    windowKey: text('window_key').notNull(),
    seq: integer('seq').notNull(),
    stripeCustomerId: text('stripe_customer_id').notNull(),
    eventName: text('event_name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
    /** The meter event's timestamp (inside the window, never in the future). */
    eventAt: timestamp('event_at', { withTimezone: true }).notNull(),
    status: text('status').notNull(),
    ...retryColumns(),
    lastError: text('last_error'),
    ...createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('meter_reports_pending_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index('meter_reports_window_idx').on(t.customerId, t.feature, t.windowKey),
  ],
);

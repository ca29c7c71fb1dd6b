import { bigint, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The usage ledger: append-only, one row per tracked event (and one per
 * reversal, with a negative amount). `customer_id` is the app's own customer id
 * (the mirror's `external_id`), so a free user who never met Stripe has usage.
 * Unique on (customer, idempotency key): a repeated key is a no-op whatever its
 * timestamp.
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    /** `usg_...` */
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    feature: text('feature').notNull(),
    /** Units; negative on a reversal row. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** The caller's key, or the event id when none was given. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** When the usage happened (the caller's timestamp, else the clock). */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** The counter window the event counted in (`day:2026-01-15`). */
    windowKey: text('window_key').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>(),
    /** On a reversal row: the id of the event it reverses. */
    reversesId: text('reverses_id'),
  },
  // Only the indexes dedupe needs: ingestion speed is the ledger's first duty.
  (t) => [uniqueIndex('usage_events_idempotency_key').on(t.customerId, t.idempotencyKey)],
);

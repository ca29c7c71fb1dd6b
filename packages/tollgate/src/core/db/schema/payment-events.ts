import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The Stripe event ledger. Unique on the event id: a duplicate delivery stops
 * at the insert and changes nothing.
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    /** Stripe's `created`, unix seconds. */
    created: bigint('created', { mode: 'number' }).notNull(),
    livemode: boolean('livemode').notNull(),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    error: text('error'),
    /**
     * Set when the event was processed but stored altered: why (strings
     * Postgres cannot hold, a NUL say, replaced; see mirror/storable.ts).
     */
    note: text('note'),
  },
  (t) => [
    index('payment_events_type_idx').on(t.type),
    index('payment_events_unprocessed_idx')
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null`),
  ],
);

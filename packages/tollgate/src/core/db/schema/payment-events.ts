import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The Stripe customer an event is about: its object's `customer`, or the
 * object itself when it is a customer. Indexed (payment_events_customer_idx):
 * a query must use this very expression to be served by the index.
 */
export const PAYMENT_EVENT_CUSTOMER = sql`coalesce(payload #>> '{data,object,customer}', case when payload #>> '{data,object,object}' = 'customer' then payload #>> '{data,object,id}' end)`;

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
    // The newest events (the dashboard's overview and ledger) and one customer's events (its timeline).
    index('payment_events_received_idx').on(t.receivedAt, t.id),
    index('payment_events_customer_idx').on(PAYMENT_EVENT_CUSTOMER),
    index('payment_events_unprocessed_idx')
      .on(t.receivedAt)
      .where(sql`${t.processedAt} is null`),
  ],
);

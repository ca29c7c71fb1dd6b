import { bigint, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ledgerTimes, usageKey } from './columns.ts';

/**
 * The usage ledger: append-only, one row per tracked event (and one per
 * reversal, with a negative amount). `customer_id` is the app's own customer id
 * (the mirror's `external_id`), so a free user who never met Stripe has usage.
 * Keyed on (customer, idempotency key): a repeated key is a no-op whatever its
 * timestamp. That key is the table's only index: `id` is unique by construction
 * (time-ordered, random) and nothing looks rows up by it, so it carries no index
 * of its own (each index costs every insert a b-tree descent and WAL).
 */
export const usageEvents = pgTable(
  'usage_events',
  {
    /** `usg_...` (unique by construction; not indexed). */
    id: text('id').notNull(),
    ...usageKey(),
    /** Units; negative on a reversal row. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    /** The caller's key, or the event id when none was given. */
    idempotencyKey: text('idempotency_key').notNull(),
    ...ledgerTimes(),
    /** The counter window the event counted in (`day:2026-01-15`). */
    windowKey: text('window_key').notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>(),
    /** On a reversal row: the id of the event it reverses. */
    reversesId: text('reverses_id'),
  },
  // Only the index dedupe needs: ingestion speed is the ledger's first duty.
  (t) => [primaryKey({ name: 'usage_events_customer_key_pk', columns: [t.customerId, t.idempotencyKey] })],
);

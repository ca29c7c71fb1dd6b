import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { appCustomerId, createdAt } from './columns.ts';

/**
 * Gauge increments and decrements made with an idempotency key: one row per
 * customer x key, written in the same transaction as the move, so a retried
 * move is applied once. A refused increment writes nothing (its key can be
 * tried again). Rows are kept, like the usage ledger's keys.
 */
export const usageGaugeMoves = pgTable(
  'usage_gauge_moves',
  {
    ...appCustomerId(),
    idempotencyKey: text('idempotency_key').notNull(),
    feature: text('feature').notNull(),
    /** The step applied: positive for an increment, negative for a decrement. */
    delta: bigint('delta', { mode: 'number' }).notNull(),
    /** The gauge's value right after the move (what a retry answers). */
    valueAfter: bigint('value_after', { mode: 'number' }).notNull(),
    ...createdAt(),
  },
  (t) => [primaryKey({ name: 'usage_gauge_moves_pkey', columns: [t.customerId, t.idempotencyKey] })],
);

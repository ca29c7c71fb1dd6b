import { sql } from 'drizzle-orm';
import { bigint, boolean, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { updatedAt, usageKey } from './columns.ts';

/**
 * Live usage per customer x metered feature x window, written in the same
 * statement as the ledger. A window resets by key (`day:2026-01-15`), not by a
 * cron: a new window is a new row. Rows are never deleted.
 *
 * `billable` counts units beyond the included amount on plans with an overage
 * price; `reported` is how much of it the reporter has turned into meter
 * reports (the reporter's durable cursor). No column an index covers changes
 * on a usage write, so the hot update stays a HOT update.
 */
export const usageCounters = pgTable(
  'usage_counters',
  {
    ...usageKey(),
    windowKey: text('window_key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    used: bigint('used', { mode: 'number' }).notNull().default(0),
    /** Included amount of the plan at the last write (null = unlimited). */
    included: bigint('included', { mode: 'number' }),
    /** Usage beyond `included` is billed (the plan has an overage price); sticky within a window. */
    soft: boolean('soft').notNull().default(false),
    billable: bigint('billable', { mode: 'number' }).notNull().default(0),
    reported: bigint('reported', { mode: 'number' }).notNull().default(0),
    ...updatedAt(),
  },
  (t) => [
    primaryKey({ name: 'usage_counters_pkey', columns: [t.customerId, t.feature, t.windowKey] }),
    index('usage_counters_latest_idx').on(t.customerId, t.feature, t.windowStart),
    index('usage_counters_soft_idx')
      .on(t.windowEnd)
      .where(sql`${t.soft}`),
  ],
);

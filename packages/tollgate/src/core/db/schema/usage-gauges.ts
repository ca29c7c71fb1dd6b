import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** Current value of a gauge feature (agents, seats) per customer. */
export const usageGauges = pgTable(
  'usage_gauges',
  {
    customerId: text('customer_id').notNull(),
    feature: text('feature').notNull(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'usage_gauges_pkey', columns: [t.customerId, t.feature] })],
);

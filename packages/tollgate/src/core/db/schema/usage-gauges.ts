import { bigint, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { updatedAt, usageKey } from './columns.ts';

/** Current value of a gauge feature (agents, seats) per customer. */
export const usageGauges = pgTable(
  'usage_gauges',
  {
    ...usageKey(),
    value: bigint('value', { mode: 'number' }).notNull().default(0),
    ...updatedAt(),
  },
  (t) => [primaryKey({ name: 'usage_gauges_pkey', columns: [t.customerId, t.feature] })],
);

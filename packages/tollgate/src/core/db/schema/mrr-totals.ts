import { bigint, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/** Running MRR per currency (the sum of `mrr_movements`), kept in the movement's statement: milestones read it. */
export const mrrTotals = pgTable('mrr_totals', {
  currency: text('currency').primaryKey(),
  mrr: bigint('mrr', { mode: 'number' }).notNull(),
  subscribers: integer('subscribers').notNull(),
  ...updatedAt(),
});

import { bigint, boolean, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** MRR thresholds crossed (config `alerts.mrr`): each once, ever. `fired` false when the backfill found it crossed already (no hook). */
export const mrrMilestones = pgTable(
  'mrr_milestones',
  {
    currency: text('currency').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    crossedAt: timestamp('crossed_at', { withTimezone: true }).notNull(),
    fired: boolean('fired').notNull(),
  },
  (t) => [primaryKey({ name: 'mrr_milestones_pkey', columns: [t.currency, t.amount] })],
);

import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.ts';

/**
 * Reconciliation progress, one row per Stripe resource (`customers`,
 * `subscriptions`, ...): the last object id applied, so an interrupted sync
 * resumes where it stopped (`starting_after`).
 */
export const syncCursors = pgTable('sync_cursors', {
  resource: text('resource').primaryKey(),
  /** Last applied object id; null when the last run finished. */
  cursor: text('cursor'),
  applied: integer('applied').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  ...updatedAt(),
});

import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { retryColumns, updatedAt } from './columns.ts';

/**
 * One row per (outbox message, consumer), created when the consumer first
 * claims the message. A claim sets `locked_until`; success sets
 * `delivered_at`; failure schedules `next_attempt_at` with backoff.
 */
export const outboxDeliveries = pgTable(
  'outbox_deliveries',
  {
    outboxId: text('outbox_id').notNull(),
    /** `hooks` for in-process handlers; other consumers pick their own name. */
    consumer: text('consumer').notNull(),
    ...retryColumns(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Set when attempts are exhausted: no further retries. */
    deadAt: timestamp('dead_at', { withTimezone: true }),
    lastError: text('last_error'),
    ...updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.consumer] }), index('outbox_deliveries_pending_idx').on(t.consumer, t.nextAttemptAt)],
);

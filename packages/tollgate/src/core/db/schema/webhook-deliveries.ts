import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, retryColumns } from './columns.ts';

/**
 * One outbound webhook message to one endpoint, with its retry state. A message
 * id (`msg_...`) is stable across retries so receivers can deduplicate.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    /** Where the message came from (an outbox row id), unique per endpoint. */
    sourceId: text('source_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    ...retryColumns(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    ...createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_source_idx').on(t.endpointId, t.sourceId),
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.deliveredAt} is null and ${t.failedAt} is null`),
  ],
);

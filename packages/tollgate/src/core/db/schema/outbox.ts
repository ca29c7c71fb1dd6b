import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * App notifications (hooks), written in the same transaction as the mirror
 * change that caused them. Ids are time-ordered (`obx_...`), so `order by id`
 * is the order they happened in. Each consumer (in-process hooks, signed HTTP
 * delivery, ...) tracks its own progress in `outbox_deliveries`; a message is
 * never "taken" from the outbox, so consumers can be added later.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    /** Hook name: `subscription.activated`, `payment.failed`, ... */
    type: text('type').notNull(),
    /** Tollgate customer id, when known. */
    customerId: text('customer_id'),
    /** The app's id for the customer, when known. */
    externalId: text('external_id'),
    /** The Stripe object it is about (`sub_...`, `in_...`, `cs_...`). */
    objectId: text('object_id'),
    /** The Stripe event that caused it, when one did. */
    eventId: text('event_id'),
    payload: jsonb('payload').notNull(),
    ...createdAt(),
  },
  (t) => [index('outbox_created_idx').on(t.createdAt), index('outbox_customer_idx').on(t.customerId)],
);

import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/** The app's HTTP endpoints that receive signed outbound webhooks. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** `whsec_` + base64 key (Standard Webhooks). */
  secret: text('secret').notNull(),
  /** Event types delivered; empty means all. */
  events: jsonb('events').$type<string[]>().notNull(),
  ...createdAt(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

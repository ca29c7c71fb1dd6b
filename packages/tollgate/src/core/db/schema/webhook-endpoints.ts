import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The app's HTTP endpoints that receive signed outbound webhooks. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** `whsec_` + base64 key (Standard Webhooks). */
  secret: text('secret').notNull(),
  /** Event types delivered; empty means all. */
  events: jsonb('events').$type<string[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

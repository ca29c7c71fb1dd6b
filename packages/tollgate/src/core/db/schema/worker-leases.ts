import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Which process runs a background worker that must run once per database
 * (the usage reporter): a lease the holder renews each round and others take
 * over once it has expired, so a database served by many nodes still has one.
 */
export const workerLeases = pgTable('worker_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

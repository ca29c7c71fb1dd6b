import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Secrets the engine generates for itself and every node must share (the key
 * that signs customer tokens), kept in the one database so stateless nodes agree.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  ...createdAt(),
});

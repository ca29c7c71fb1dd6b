import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Dashboard sessions (src/dashboard): a secret key exchanged for a cookie.
 * Only the SHA-256 of the session token is stored; `csrf` is the token a
 * page must echo in a header on every change.
 */
export const adminSessions = pgTable(
  'admin_sessions',
  {
    id: text('id').primaryKey(),
    hash: text('hash').notNull().unique(),
    csrf: text('csrf').notNull(),
    apiKeyId: text('api_key_id').notNull(),
    ...createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('admin_sessions_expires_idx').on(t.expiresAt)],
);

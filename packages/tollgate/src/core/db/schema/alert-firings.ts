import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { appCustomerId } from './columns.ts';

/**
 * Alerts that fired: one row per customer x alert x window, written in the
 * same statement as the alert's outbox message, so an alert fires exactly
 * once per threshold per window whatever the retries and processes. Keys:
 * `usage:<feature>:<percent>` (window: the counter window), `spend:<scope>:<percent>`
 * (the billing period), `balance:<system>:<micro-credits>` (the latest grant: a refill re-arms it).
 */
export const alertFirings = pgTable(
  'alert_firings',
  {
    ...appCustomerId(),
    alertKey: text('alert_key').notNull(),
    windowKey: text('window_key').notNull(),
    outboxId: text('outbox_id').notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'alert_firings_pkey', columns: [t.customerId, t.alertKey, t.windowKey] })],
);

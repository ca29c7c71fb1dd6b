import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { timestamps, updatedAt } from './columns.ts';

/**
 * A bulk move of a plan's subscribers from one version to another
 * (`tollgate plans migrate`, plans/migrate.ts). One open run per plan, from,
 * to and timing: running the same move again resumes it.
 */
export const planMigrations = pgTable(
  'plan_migrations',
  {
    id: text('id').primaryKey(),
    planKey: text('plan_key').notNull(),
    fromVersion: integer('from_version').notNull(),
    toVersion: integer('to_version').notNull(),
    /** `period_end` | `now`. */
    at: text('at').notNull(),
    /** `running` until every subscriber is moved or failed, then `completed`. */
    status: text('status').notNull(),
    ...timestamps(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('plan_migrations_plan_idx').on(t.planKey, t.fromVersion, t.toVersion, t.at, t.status)],
);

/** One subscription in a migration: `pending`, then `moved` or `failed` (with the reason; a resumed run retries it). */
export const planMigrationItems = pgTable(
  'plan_migration_items',
  {
    migrationId: text('migration_id').notNull(),
    subscriptionId: text('subscription_id').notNull(),
    /** The app's customer id (the one change-plan takes). */
    customer: text('customer').notNull(),
    status: text('status').notNull(),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    ...updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.migrationId, t.subscriptionId] }), index('plan_migration_items_status_idx').on(t.migrationId, t.status)],
);

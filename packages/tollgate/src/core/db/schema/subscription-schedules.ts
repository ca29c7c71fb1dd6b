import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { metadataColumn, mirrorColumns } from './mirror-columns.ts';

/** One item of a schedule's next phase: a price id and its quantity (null for a metered price). */
export interface ScheduledItem {
  price: string;
  quantity: number | null;
}

/**
 * Mirror of Stripe subscription schedules (primary key = Stripe's `sub_sched_...`):
 * what a subscription will change to and when (a downgrade at period end made
 * by `changePlan` or the portal). Only the next phase is kept, as read models
 * need it; `raw` holds the whole schedule.
 */
export const subscriptionSchedules = pgTable(
  'subscription_schedules',
  {
    id: text('id').primaryKey(),
    stripeCustomerId: text('stripe_customer_id'),
    subscriptionId: text('subscription_id'),
    /** `not_started` | `active` | `completed` | `released` | `canceled`. */
    status: text('status').notNull(),
    /** `release` | `cancel` | `none` | `renew`: what happens after the last phase. */
    endBehavior: text('end_behavior').notNull(),
    /** When the current phase ends (null when not started or ended). */
    currentPhaseEnd: timestamp('current_phase_end', { withTimezone: true }),
    /** The items of the phase after the current one; empty when there is none. */
    nextItems: jsonb('next_items').$type<ScheduledItem[]>().notNull().default([]),
    /** The Tollgate plan of the next phase's licensed item, its interval and quantity (null when the phase names no plan). */
    nextPlanKey: text('next_plan_key'),
    nextInterval: text('next_interval'),
    nextQuantity: integer('next_quantity'),
    /** When that next phase starts. */
    nextStartsAt: timestamp('next_starts_at', { withTimezone: true }),
    /** When the schedule stopped steering its subscription (released, canceled, completed or aborted). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    ...metadataColumn(),
    ...mirrorColumns(),
  },
  (t) => [index('subscription_schedules_subscription_idx').on(t.subscriptionId), index('subscription_schedules_customer_idx').on(t.stripeCustomerId)],
);

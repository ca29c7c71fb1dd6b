import { bigint, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { creditKey, retryColumns, timestamps } from './columns.ts';

/**
 * Auto top-ups: one row per downward crossing of a customer's threshold
 * (`seq` = credit_balances.topup_seq at that crossing), so a crossing is
 * charged at most once whatever the races: the row is unique, and the
 * PaymentIntent's idempotency key is derived from it. `pending` rows are
 * claimed with a lease; a declined card makes the row `failed` (a hook, no
 * retry: the next crossing is the next attempt).
 */
export const creditTopups = pgTable(
  'credit_topups',
  {
    /** `ctu_` + a digest of (customer, system, seq): the same crossing, the same id. */
    id: text('id').primaryKey(),
    ...creditKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    pack: text('pack').notNull(),
    /** Micro-credits granted when paid. */
    credits: bigint('credits', { mode: 'number' }).notNull(),
    /** Minor units charged. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull(),
    /** `pending` | `succeeded` | `failed`. */
    status: text('status').notNull(),
    ...retryColumns(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    paymentIntentId: text('payment_intent_id'),
    grantId: text('grant_id'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('credit_topups_crossing_key').on(t.customerId, t.system, t.seq), index('credit_topups_due_idx').on(t.status, t.nextAttemptAt)],
);

import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { creditKey, timestamps } from './columns.ts';

/**
 * One row per customer x credit system: what every debit locks (`for update`),
 * so concurrent debits of one balance are serialised across processes. The
 * balance itself is not stored here: it is the sum of the unexpired grants'
 * `remaining` (credit_grants) less `debt`, so a grant expires at its instant
 * without a sweep. Amounts are micro-credits. No column here is indexed, so
 * the hot update stays a HOT update.
 */
export const creditBalances = pgTable(
  'credit_balances',
  {
    ...creditKey(),
    /** Micro-credits spent beyond the grants (an overdraft); paid off first by the next grant. */
    debt: bigint('debt', { mode: 'number' }).notNull().default(0),
    /** The billing period `spent` counts in (`period:...`, `month:...`). */
    spentWindow: text('spent_window').notNull().default(''),
    /** Micro-credits burned in `spent_window` (spend caps and spend alerts). */
    spent: bigint('spent', { mode: 'number' }).notNull().default(0),
    /** Downward crossings of the customer's auto top-up threshold so far: crossing n is top-up n (credit_topups.seq). */
    topupSeq: bigint('topup_seq', { mode: 'number' }).notNull().default(0),
    ...timestamps(),
  },
  (t) => [primaryKey({ name: 'credit_balances_pkey', columns: [t.customerId, t.system] })],
);

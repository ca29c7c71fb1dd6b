import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, creditKey } from './columns.ts';

/**
 * One row per grant of credits: bought (`paid`), given (`promotional`), from
 * the plan each period (`included`), or carried over from the last period
 * (`rollover`). Debits draw from `remaining` in burn order: `priority` (lower
 * first), then the soonest `expires_at`, then the oldest. A grant stops
 * counting at `expires_at`; `expired_at` records when the sweep wrote its
 * expiry to the ledger. `remaining` of an expired grant is what was lost
 * (breakage, for paid credit). Amounts are micro-credits; `paid_amount` is
 * minor units of `currency`. The movements themselves are in credit_ledger.
 */
export const creditGrants = pgTable(
  'credit_grants',
  {
    /** `crg_...` */
    id: text('id').primaryKey(),
    ...creditKey(),
    /** `paid` | `promotional` | `included` | `rollover`. */
    kind: text('kind').notNull(),
    priority: integer('priority').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    remaining: bigint('remaining', { mode: 'number' }).notNull(),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    /** Dedupes the grant: the caller's key, `purchase:cs_...`, `topup:ctu_...`, `included:...`. */
    idempotencyKey: text('idempotency_key').notNull(),
    /** What the customer paid for it (paid grants), minor units. */
    paidAmount: bigint('paid_amount', { mode: 'number' }),
    currency: text('currency'),
    /** Where it came from: `cs_...`, `pi_...`, `plan:pro`, `api`. */
    source: text('source'),
    metadata: jsonb('metadata').$type<Record<string, string>>(),
    ...createdAt(),
  },
  (t) => [
    uniqueIndex('credit_grants_customer_key').on(t.customerId, t.idempotencyKey),
    index('credit_grants_balance_idx').on(t.customerId, t.system),
    index('credit_grants_expiry_idx').on(t.expiresAt),
  ],
);

import { bigint, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { creditKey, ledgerTimes } from './columns.ts';

/**
 * The credit ledger: append-only (a trigger refuses UPDATE, DELETE and
 * TRUNCATE), one row per movement of a balance, in micro-credits: `grant`
 * (+), `debit` (-, one per consume, keyed by its idempotency key), `reversal`
 * (+, the credits of a debit given back to the grants they came from) and
 * `expiry` (-, what a grant still held at its end; `breakage` values paid
 * credit lost, in minor units). Keyed on (customer, idempotency key) like the
 * usage ledger, so a retried consume is one debit.
 */
export const creditLedger = pgTable(
  'credit_ledger',
  {
    /** `crl_...` (time-ordered). */
    id: text('id').notNull(),
    ...creditKey(),
    /** `grant` | `debit` | `reversal` | `expiry`. */
    kind: text('kind').notNull(),
    /** Micro-credits: positive in, negative out. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    /** Debits: the feature consumed and its units. */
    feature: text('feature'),
    units: bigint('units', { mode: 'number' }),
    /** Debits: the billing period their spend counted in (spend caps). */
    windowKey: text('window_key'),
    /** Grant and expiry rows: the grant. */
    grantId: text('grant_id'),
    /** Debits: `[[grant id, micro-credits], ...]` in burn order; what went beyond the grants is the debt. */
    allocations: jsonb('allocations').$type<[string, number][]>(),
    /** The balance right after the movement (micro-credits; debits only). */
    balanceAfter: bigint('balance_after', { mode: 'number' }),
    /** Expiry of paid credit: its value, minor units. */
    breakage: bigint('breakage', { mode: 'number' }),
    reversesId: text('reverses_id'),
    properties: jsonb('properties').$type<Record<string, unknown>>(),
    ...ledgerTimes(),
  },
  (t) => [
    primaryKey({ name: 'credit_ledger_customer_key_pk', columns: [t.customerId, t.idempotencyKey] }),
    // History pages, newest first (ids are time-ordered).
    index('credit_ledger_history_idx').on(t.customerId, t.id),
  ],
);

import { bigint, boolean, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { creditKey, updatedAt } from './columns.ts';

/** A customer's auto top-up settings per credit system (set with a secret key; off unless turned on). */
export const creditAutoTopups = pgTable(
  'credit_auto_topups',
  {
    ...creditKey(),
    enabled: boolean('enabled').notNull(),
    /** Micro-credits: a debit taking the balance from at or above this to below it is a crossing. */
    threshold: bigint('threshold', { mode: 'number' }).notNull(),
    /** A pack key of the credit system in the config. */
    pack: text('pack').notNull(),
    ...updatedAt(),
  },
  (t) => [primaryKey({ name: 'credit_auto_topups_pkey', columns: [t.customerId, t.system] })],
);

import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { appCustomerId, updatedAt } from './columns.ts';

/**
 * A customer's spend cap per billing period, overriding the plan's default
 * (`spendCaps` in the config). `scope` is `overage` (minor units of metered
 * overage) or a credit system's key (micro-credits burned); `cap` null means
 * no cap for this customer. No row: the plan's default applies.
 */
export const spendCaps = pgTable(
  'spend_caps',
  {
    ...appCustomerId(),
    scope: text('scope').notNull(),
    cap: bigint('cap', { mode: 'number' }),
    ...updatedAt(),
  },
  (t) => [primaryKey({ name: 'spend_caps_pkey', columns: [t.customerId, t.scope] })],
);

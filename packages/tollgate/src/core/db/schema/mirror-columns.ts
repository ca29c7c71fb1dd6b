import { bigint, boolean, jsonb } from 'drizzle-orm/pg-core';
import { timestamps } from './columns.ts';

// Columns the Stripe mirror tables share, as functions: each table needs its own column builders.
// Not a table, so not in `index.ts`.

/** Stripe's `metadata`: string key-value pairs, `{}` when there are none. */
export function metadataColumn() {
  return { metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}) };
}

/**
 * The Stripe columns of a row that can exist before Stripe has its object (a customer the app
 * created): null until the object is first applied.
 */
export function pendingMirrorColumns() {
  return {
    livemode: boolean('livemode'),
    /** Stripe's `created`, unix seconds. */
    stripeCreated: bigint('stripe_created', { mode: 'number' }),
    /** Ordering: unix seconds of the Stripe state last applied (event `created` or fetch time); an older state never overwrites a newer one. */
    sourceAt: bigint('source_at', { mode: 'number' }),
    /** The Stripe object as last applied. */
    raw: jsonb('raw'),
    ...timestamps(),
  };
}

/** The columns every mirror of a Stripe object ends with (`applyStripeObject` writes them). */
export function mirrorColumns() {
  const columns = pendingMirrorColumns();
  return {
    ...columns,
    livemode: columns.livemode.notNull().default(false),
    stripeCreated: columns.stripeCreated.notNull(),
    sourceAt: columns.sourceAt.notNull(),
    raw: columns.raw.notNull(),
  };
}

import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { customerRefs } from './columns.ts';
import { metadataColumn, mirrorColumns } from './mirror-columns.ts';

/**
 * One-time purchases: a Checkout Session in `payment` mode (primary key =
 * Stripe's `cs_...`). `product_key` names the config's one-time product; null
 * for an ad-hoc amount.
 */
export const purchases = pgTable(
  'purchases',
  {
    id: text('id').primaryKey(),
    ...customerRefs(),
    /** The app's id for the buyer (`client_reference_id` or metadata), if given. */
    externalId: text('external_id'),
    productKey: text('product_key'),
    priceId: text('price_id'),
    paymentIntentId: text('payment_intent_id'),
    /** Checkout session `status`: `open` | `complete` | `expired`. */
    status: text('status').notNull(),
    /** `paid` | `unpaid` | `no_payment_required`. */
    paymentStatus: text('payment_status').notNull(),
    currency: text('currency'),
    amountTotal: bigint('amount_total', { mode: 'number' }),
    ...metadataColumn(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** Minor units refunded so far (from `charge.refunded`; never decreases). */
    amountRefunded: bigint('amount_refunded', { mode: 'number' }).notNull().default(0),
    /** When the payment was refunded in full (its charge `refunded`); a license it granted is revoked. */
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    ...mirrorColumns(),
  },
  (t) => [
    index('purchases_stripe_customer_idx').on(t.stripeCustomerId),
    index('purchases_customer_idx').on(t.customerId),
    index('purchases_external_id_idx').on(t.externalId),
  ],
);

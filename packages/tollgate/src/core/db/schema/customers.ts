import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { metadataColumn, pendingMirrorColumns } from './mirror-columns.ts';

/**
 * The app's customers (its users or organisations), known by the app's own id
 * (`external_id`) and, once created there, by their Stripe customer id. A
 * customer first seen in Stripe (created outside Tollgate) has no external id.
 * Stripe fields are mirrored by `applyStripeObject`; `source_at` orders writes.
 */
export const customers = pgTable(
  'customers',
  {
    /** Tollgate id, `cust_...`. */
    id: text('id').primaryKey(),
    externalId: text('external_id'),
    stripeCustomerId: text('stripe_customer_id'),
    email: text('email'),
    name: text('name'),
    /** IANA time zone used for calendar windows (`Europe/Paris`); null = UTC. */
    timeZone: text('time_zone'),
    ...metadataColumn(),
    defaultPaymentMethodId: text('default_payment_method_id'),
    /** Currency Stripe fixed for this customer after the first charge. */
    currency: text('currency'),
    deleted: boolean('deleted').notNull().default(false),
    ...pendingMirrorColumns(),
  },
  (t) => [uniqueIndex('customers_external_id_key').on(t.externalId), uniqueIndex('customers_stripe_customer_id_key').on(t.stripeCustomerId)],
);

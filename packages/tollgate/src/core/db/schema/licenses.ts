import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customerRefs, timestamps } from './columns.ts';

/**
 * Licenses (src/licenses): one per paid subscription or one-time purchase
 * whose plan or product grants one (config `license: {...}`), issued once
 * by the mirror road in the transaction that made it paid. `key` is the
 * signed token the buyer gets (`tg_lic.<kid>.<payload>.<signature>`):
 * verifiable offline with the public key, and the key of the public routes.
 *
 * `status` is what billing (and an operator) last decided: `active`,
 * `suspended` (past-due grace over, unpaid, paused, or a plan without a
 * license), `revoked` (subscription ended, purchase refunded, operator) or
 * `expired` (`expires_at` passed). Reads also apply time (a grace that ended,
 * an expiry) before the sweep has written it (licenses/status.ts).
 */
export const licenses = pgTable(
  'licenses',
  {
    id: text('id').primaryKey(),
    /** The signed license key; unique, it is how the public routes find the license. */
    key: text('key').notNull(),
    /** The signing key (`lsk_...`) that signed `key`. */
    signingKeyId: text('signing_key_id').notNull(),
    ...customerRefs(),
    /** The app's id for the customer (the token's `sub`). */
    externalId: text('external_id').notNull(),
    /** The subscription it belongs to (one license per subscription), or null. */
    subscriptionId: text('subscription_id'),
    /** The purchase (`cs_...`) it belongs to (one license per purchase), or null. */
    purchaseId: text('purchase_id'),
    planKey: text('plan_key'),
    productKey: text('product_key'),
    features: jsonb('features').$type<string[]>().notNull().default([]),
    activationLimit: integer('activation_limit').notNull(),
    status: text('status').notNull(),
    /** Why the status is what it is: `past_due`, `unpaid`, `paused`, `plan_without_license`, `subscription_ended`, `refunded`, `operator`, `expired`; null while active. */
    statusReason: text('status_reason'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    /** End of `validFor: { days }`; null for licenses that live as long as their subscription or forever (purchases). */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull(),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('licenses_key_idx').on(t.key),
    uniqueIndex('licenses_subscription_idx').on(t.subscriptionId),
    uniqueIndex('licenses_purchase_idx').on(t.purchaseId),
    index('licenses_stripe_customer_idx').on(t.stripeCustomerId),
    index('licenses_external_id_idx').on(t.externalId),
    index('licenses_status_idx').on(t.status),
  ],
);

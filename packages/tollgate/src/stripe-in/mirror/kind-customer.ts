import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { customers } from '../../core/db/schema/customers.ts';
import { idOf, metadataOf, mirrorColumns } from './fields.ts';
import { type Gone, isGone, type MirrorKind, retrieveOrGone } from './kind.ts';
import { attachCustomerId, linkCustomer } from './link-customer.ts';
import { rowById } from './upsert.ts';

export type CustomerRow = typeof customers.$inferSelect;
/** Stripe owns these columns; the app owns `external_id` and `time_zone`. */
const ROWS = rowById(customers, ['id', 'createdAt', 'externalId', 'timeZone']);

type CustomerInput = Stripe.Customer | Stripe.DeletedCustomer;

const EMPTY = {
  externalId: null,
  email: null,
  name: null,
  timeZone: null,
  metadata: {},
  defaultPaymentMethodId: null,
  currency: null,
  livemode: null,
  stripeCreated: null,
  sourceAt: 0,
  raw: null,
};

/**
 * Customers are keyed locally by a Tollgate id; the mirror finds them by
 * Stripe id, and links a new Stripe customer to the app's row through
 * `metadata.tollgate_external_id`.
 */
export const customerKind: MirrorKind<CustomerInput, CustomerRow> = {
  name: 'customer',
  async load(deps, stripeId) {
    const [row] = await deps.db.select().from(customers).where(eq(customers.stripeCustomerId, stripeId));
    return row;
  },
  toRow(deps, object: CustomerInput | Gone, prev) {
    const now = deps.clock.now();
    const deleted = isGone(object);
    if (deleted && prev) return Promise.resolve({ ...prev, deleted: true, updatedAt: now });
    if (deleted && !('created' in object)) {
      // A tombstone, so that no stale copy brings the customer back.
      return Promise.resolve({ ...EMPTY, id: deps.ids.next('cust'), stripeCustomerId: object.id, deleted: true, createdAt: now, updatedAt: now });
    }
    const c = object as Stripe.Customer;
    return Promise.resolve({
      id: prev?.id ?? deps.ids.next('cust'),
      externalId: prev?.externalId ?? null,
      stripeCustomerId: c.id,
      email: c.email,
      name: c.name ?? null,
      timeZone: prev?.timeZone ?? null,
      metadata: metadataOf(c.metadata),
      defaultPaymentMethodId: idOf(c.invoice_settings.default_payment_method),
      currency: c.currency ?? null,
      deleted,
      ...mirrorColumns(c, prev, now),
    });
  },
  rank: (row) => (row.deleted ? 1 : 0),
  async save(deps, row, prev) {
    const externalId = (row.metadata as Record<string, string | undefined>)[METADATA.externalId];
    if (!prev && externalId) {
      // The app's row (or a new one) takes the Stripe id first, then gets the Stripe fields.
      const id = await linkCustomer(deps, externalId, row.stripeCustomerId ?? '');
      if (id !== null) row.id = id;
    }
    await ROWS.save(deps, row);
    if (!prev && row.stripeCustomerId) await attachCustomerId(deps, row.id, row.stripeCustomerId);
    if (prev && externalId && prev.externalId === null && row.stripeCustomerId) await linkCustomer(deps, externalId, row.stripeCustomerId);
  },
  retrieve: (stripe, id) => retrieveOrGone('customer', id, () => stripe.customers.retrieve(id)),
  hooks: () => [],
};

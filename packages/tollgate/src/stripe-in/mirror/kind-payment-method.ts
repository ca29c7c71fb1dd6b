import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { idOf, rawOf } from './fields.ts';
import { type Gone, isGone, type MirrorKind, retrieveOrGone } from './kind.ts';
import { customerIdFor } from './kind-subscription.ts';
import { excludedSet } from './upsert.ts';

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;
const SET = excludedSet(paymentMethods);

export const paymentMethodKind: MirrorKind<Stripe.PaymentMethod, PaymentMethodRow> = {
  name: 'payment_method',
  async load(deps, id) {
    const [row] = await deps.db.select().from(paymentMethods).where(eq(paymentMethods.id, id));
    return row;
  },
  async toRow(deps, object: Stripe.PaymentMethod | Gone, prev, customers) {
    const now = deps.clock.now();
    if (isGone(object)) return prev ? { ...prev, stripeCustomerId: null, customerId: null, updatedAt: now } : null;
    const pm = object;
    const stripeCustomerId = idOf(pm.customer);
    return {
      id: pm.id,
      stripeCustomerId,
      customerId:
        stripeCustomerId === prev?.stripeCustomerId ? (prev?.customerId ?? null) : await (customers ?? ((id) => customerIdFor(deps, id)))(stripeCustomerId),
      type: pm.type,
      brand: pm.card?.brand ?? null,
      last4: pm.card?.last4 ?? null,
      expMonth: pm.card?.exp_month ?? null,
      expYear: pm.card?.exp_year ?? null,
      livemode: pm.livemode,
      stripeCreated: pm.created,
      sourceAt: 0,
      raw: rawOf(pm),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    };
  },
  rank: () => 0,
  async save(deps, row) {
    await deps.db.insert(paymentMethods).values(row).onConflictDoUpdate({ target: paymentMethods.id, set: SET });
  },
  retrieve: (stripe, id) => retrieveOrGone('payment_method', id, () => stripe.paymentMethods.retrieve(id)),
  hooks: () => [],
};

import type Stripe from 'stripe';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { idOf, mirrorColumns } from './fields.ts';
import { type Gone, isGone, retrieveOrGone } from './kind.ts';
import { customerIdFor } from './kind-subscription.ts';
import { rowById, tableKind } from './upsert.ts';

export type PaymentMethodRow = typeof paymentMethods.$inferSelect;

export const paymentMethodKind = tableKind<Stripe.PaymentMethod, PaymentMethodRow>(rowById(paymentMethods), {
  name: 'payment_method',
  async toRow(deps, object: Stripe.PaymentMethod | Gone, prev, customers) {
    const now = deps.clock.now();
    if (isGone(object)) return prev ? { ...prev, stripeCustomerId: null, customerId: null, updatedAt: now } : null;
    const pm = object;
    const stripeCustomerId = idOf(pm.customer);
    return {
      id: pm.id,
      stripeCustomerId,
      customerId: stripeCustomerId === prev?.stripeCustomerId ? (prev?.customerId ?? null) : await customerIdFor(deps, stripeCustomerId, customers),
      type: pm.type,
      brand: pm.card?.brand ?? null,
      last4: pm.card?.last4 ?? null,
      expMonth: pm.card?.exp_month ?? null,
      expYear: pm.card?.exp_year ?? null,
      ...mirrorColumns(pm, prev, now),
    };
  },
  retrieve: (stripe, id) => retrieveOrGone('payment_method', id, () => stripe.paymentMethods.retrieve(id)),
});

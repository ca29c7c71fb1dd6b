import type Stripe from 'stripe';
import { previousAttributes } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { p } from '../../core/params.ts';
import { accepted, equals, resourceRoutes, withId } from '../../core/resource-routes.ts';
import { sentOrNull } from '../../core/sent.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { getCharge } from './charges.ts';

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);
const updateShape = { description: p.string(), metadata: p.emptyable(p.metadata()), receipt_email: p.string(), expand: p.arr(p.string()) };

/** `expand[]=refunds` on a charge (Stripe includes them only when asked). */
registerVirtualExpansion('charge', 'refunds', (db, charge) => {
  const data = Array.from(db.refunds.values())
    .filter((refund) => refund.charge === charge.id)
    .reverse();
  return { object: 'list', data, has_more: false, url: `/v1/charges/${String(charge.id)}/refunds` };
});

/** Charges are made by payment intents; these routes read and annotate them. */
export function chargeRoutes(r: Router): void {
  resourceRoutes(r, 'charge', (db: Db) => db.charges, {
    filters: {
      customer: equals(p.string(), (c) => idOf(c.customer)),
      payment_intent: equals(p.string(), (c) => idOf(c.payment_intent)),
      transfer_group: accepted(p.string()),
    },
    search: {
      amount: (c) => c.amount,
      created: (c) => c.created,
      currency: (c) => c.currency,
      customer: (c) => idOf(c.customer),
      payment_intent: (c) => idOf(c.payment_intent),
      refunded: (c) => String(c.refunded),
      status: (c) => c.status,
    },
    retrieve: (em, id) => getCharge(em, id, 'id'),
    update: withId(updateShape, (em, id, input) => {
      const before = getCharge(em, id, 'id');
      const after: Stripe.Charge = {
        ...before,
        ...sentOrNull(input, ['description', 'receipt_email']),
        metadata: mergeMetadata(before.metadata, input.metadata),
      };
      em.db.charges.put(after);
      em.emit('charge.updated', after, { previous: previousAttributes(before, after) });
      return after;
    }),
  });
}

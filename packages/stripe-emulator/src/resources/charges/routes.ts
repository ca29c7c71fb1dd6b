import type Stripe from 'stripe';
import { previousAttributes } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { paginate } from '../../core/list.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import { getCharge } from './charges.ts';

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

function readField(charge: Stripe.Charge, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'amount':
      return charge.amount;
    case 'created':
      return charge.created;
    case 'currency':
      return charge.currency;
    case 'customer':
      return idOf(charge.customer);
    case 'payment_intent':
      return idOf(charge.payment_intent);
    case 'refunded':
      return String(charge.refunded);
    case 'status':
      return charge.status;
    case 'metadata':
      return key === null ? undefined : (charge.metadata[key] ?? null);
    default:
      return undefined;
  }
}

/** `expand[]=refunds` on a charge (Stripe includes them only when asked). */
registerVirtualExpansion('charge', 'refunds', (db, charge) => {
  const data = Array.from(db.refunds.values())
    .filter((refund) => refund.charge === charge.id)
    .reverse();
  return { object: 'list', data, has_more: false, url: `/v1/charges/${String(charge.id)}/refunds` };
});

/** Charges are made by payment intents; these routes read and annotate them. */
export function chargeRoutes(r: Router): void {
  r.get('/v1/charges', ({ em, body }) => {
    const input = parseShape({ ...listShape, customer: p.string(), payment_intent: p.string(), transfer_group: p.string() }, body);
    const items = em.db.charges
      .newestFirst()
      .filter(
        (c) =>
          (input.customer === undefined || idOf(c.customer) === input.customer) &&
          (input.payment_intent === undefined || idOf(c.payment_intent) === input.payment_intent),
      );
    return paginate(items, input, '/v1/charges', 'charge');
  });
  searchRoute(r, '/v1/charges', (em) => em.db.charges.newestFirst(), readField);
  r.get('/v1/charges/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getCharge(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/charges/:id', (ctx) => {
    const input = parseShape({ description: p.string(), metadata: p.emptyable(p.metadata()), receipt_email: p.string(), expand: p.arr(p.string()) }, ctx.body);
    const before = getCharge(ctx.em, pathId(ctx), 'id');
    const after: Stripe.Charge = {
      ...before,
      ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
      ...(input.receipt_email !== undefined ? { receipt_email: input.receipt_email === '' ? null : input.receipt_email } : {}),
      metadata: mergeMetadata(before.metadata, input.metadata),
    };
    ctx.em.db.charges.put(after);
    ctx.em.emit('charge.updated', after, { previous: previousAttributes(before, after) });
    return after;
  });
}

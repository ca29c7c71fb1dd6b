import type { Emulator } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { discountInvoiceLines } from '../discounts/discounts.ts';
import { createCoupon, deleteCoupon, getCoupon, updateCoupon } from './coupons.ts';

const createShape = {
  id: p.string({ nonEmpty: true, maxLength: 200 }),
  name: p.string({ maxLength: 40 }),
  percent_off: p.decimal(),
  amount_off: p.int(),
  currency: p.currency(),
  duration: p.enum(['once', 'repeating', 'forever']),
  duration_in_months: p.int({ min: 1 }),
  max_redemptions: p.int({ min: 1 }),
  redeem_by: p.int(),
  metadata: p.emptyable(p.metadata()),
  applies_to: p.obj({ products: p.arr(p.string()) }),
  expand: p.arr(p.string()),
};
const updateShape = { name: p.string({ maxLength: 40 }), metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) };

// `discounts` on subscriptions and invoices are discount ids; expanded, the discount objects
// (with their coupon). Discount ids have no prefix the generic expansion knows.
for (const objectType of ['subscription', 'invoice']) {
  registerVirtualExpansion(objectType, 'discounts', (db, object) => {
    const ids = Array.isArray(object.discounts) ? (object.discounts as unknown[]) : [];
    return ids.map((id) => (typeof id === 'string' ? (db.discounts.get(id) ?? id) : id));
  });
}

/** Registers coupon routes and the hook that discounts invoice lines (after metered usage is priced). */
export function couponRoutes(r: Router, em: Emulator): void {
  em.hooks.invoiceLines.push((lines, context) =>
    discountInvoiceLines(em, lines, { subscription: context.subscription, at: context.at, currency: context.currency }),
  );
  r.post('/v1/coupons', ({ em, body }) => createCoupon(em, parseShape(createShape, body)));
  r.get('/v1/coupons', ({ em, body }) => paginate(em.db.coupons.newestFirst(), parseShape(listShape, body), '/v1/coupons', 'coupon'));
  r.get('/v1/coupons/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getCoupon(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/coupons/:id', (ctx) => updateCoupon(ctx.em, pathId(ctx), parseShape(updateShape, ctx.body)));
  r.delete('/v1/coupons/:id', (ctx) => {
    parseShape({}, ctx.body);
    return deleteCoupon(ctx.em, pathId(ctx));
  });
}

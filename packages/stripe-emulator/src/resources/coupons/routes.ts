import type { Emulator } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { p, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
const updateShape = updatable(createShape, ['name', 'metadata', 'expand']);

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
  resourceRoutes(r, 'coupon', (db: Db) => db.coupons, {
    create: withBody(createShape, createCoupon),
    retrieve: (em, id) => getCoupon(em, id, 'id'),
    update: withId(updateShape, updateCoupon),
    del: deleteCoupon,
  });
}

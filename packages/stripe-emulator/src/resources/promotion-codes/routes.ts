import { p, updatable } from '../../core/params.ts';
import { equals, resourceRoutes, where, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { createPromotionCode, getPromotionCode, updatePromotionCode } from './promotion-codes.ts';

const createShape = {
  promotion: p.required(p.obj({ type: p.required(p.enum(['coupon'])), coupon: p.string({ nonEmpty: true }) })),
  code: p.string({ nonEmpty: true }),
  active: p.bool(),
  customer: p.string({ nonEmpty: true }),
  expires_at: p.int(),
  max_redemptions: p.int({ min: 1 }),
  metadata: p.emptyable(p.metadata()),
  restrictions: p.obj({ first_time_transaction: p.bool(), minimum_amount: p.int({ min: 0 }), minimum_amount_currency: p.currency() }),
  expand: p.arr(p.string()),
};
const updateShape = updatable(createShape, ['active', 'metadata', 'expand']);

export function promotionCodeRoutes(r: Router): void {
  resourceRoutes(r, 'promotion_code', (db: Db) => db.promotionCodes, {
    match: { active: p.bool(), customer: p.string() },
    filters: { code: where(p.string(), (c, code) => c.code.toLowerCase() === code.toLowerCase()), coupon: equals(p.string(), (c) => c.promotion.coupon) },
    create: withBody(createShape, createPromotionCode),
    retrieve: (em, id) => getPromotionCode(em, id, 'id'),
    update: withId(updateShape, updatePromotionCode),
  });
}

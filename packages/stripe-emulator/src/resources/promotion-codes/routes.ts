import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
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
const updateShape = { active: p.bool(), metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) };
const listCodesShape = { ...listShape, active: p.bool(), code: p.string(), coupon: p.string(), customer: p.string() };

export function promotionCodeRoutes(r: Router): void {
  r.post('/v1/promotion_codes', ({ em, body }) => createPromotionCode(em, parseShape(createShape, body)));
  r.get('/v1/promotion_codes', ({ em, body }) => {
    const input = parseShape(listCodesShape, body);
    const items = em.db.promotionCodes
      .newestFirst()
      .filter((c) => input.active === undefined || c.active === input.active)
      .filter((c) => input.code === undefined || c.code.toLowerCase() === input.code.toLowerCase())
      .filter((c) => input.coupon === undefined || c.promotion.coupon === input.coupon)
      .filter((c) => input.customer === undefined || c.customer === input.customer);
    return paginate(items, input, '/v1/promotion_codes', 'promotion_code');
  });
  r.get('/v1/promotion_codes/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getPromotionCode(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/promotion_codes/:id', (ctx) => updatePromotionCode(ctx.em, pathId(ctx), parseShape(updateShape, ctx.body)));
}

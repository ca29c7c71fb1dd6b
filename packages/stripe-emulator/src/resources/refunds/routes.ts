import { invalidRequest } from '../../errors.ts';
import { paginate } from '../../core/list.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { createRefund, getRefund, updateRefund } from './refunds.ts';

const createShape = {
  charge: p.string({ nonEmpty: true }),
  payment_intent: p.string({ nonEmpty: true }),
  amount: p.int({ min: 1 }),
  reason: p.enum(['duplicate', 'fraudulent', 'requested_by_customer']),
  metadata: p.emptyable(p.metadata()),
  instructions_email: p.string(),
  refund_application_fee: p.bool(),
  reverse_transfer: p.bool(),
  expand: p.arr(p.string()),
};

export function refundRoutes(r: Router): void {
  r.post('/v1/refunds', ({ em, body }) => {
    const { expand: _e, refund_application_fee: _f, reverse_transfer: _t, ...input } = parseShape(createShape, body);
    return createRefund(em, input);
  });
  r.get('/v1/refunds', ({ em, body }) => {
    const input = parseShape({ ...listShape, charge: p.string(), payment_intent: p.string() }, body);
    const items = em.db.refunds
      .newestFirst()
      .filter(
        (x) => (input.charge === undefined || x.charge === input.charge) && (input.payment_intent === undefined || x.payment_intent === input.payment_intent),
      );
    return paginate(items, input, '/v1/refunds', 'refund');
  });
  r.get('/v1/refunds/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getRefund(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/refunds/:id', (ctx) => {
    const input = parseShape({ metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) }, ctx.body);
    const before = getRefund(ctx.em, pathId(ctx), 'id');
    return updateRefund(ctx.em, before.id, mergeMetadata(before.metadata ?? {}, input.metadata));
  });
  r.post('/v1/refunds/:id/cancel', (ctx) => {
    parseShape(expandShape, ctx.body);
    const refund = getRefund(ctx.em, pathId(ctx), 'id');
    throw invalidRequest(
      `Refund ${refund.id} cannot be canceled: only refunds with a status of requires_action can be canceled, and this one is ${refund.status ?? 'unknown'}.`,
      undefined,
      'refund_cannot_be_canceled',
    );
  });
}

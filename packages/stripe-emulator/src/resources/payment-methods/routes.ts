import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { getCustomer } from '../customers/customers.ts';
import { attachPaymentMethod, createPaymentMethod, detachPaymentMethod } from './payment-methods.ts';

const billing = p.obj({ name: p.string(), email: p.string(), phone: p.string() });
const createShape = {
  type: p.required(p.string()),
  card: p.obj({ number: p.string(), exp_month: p.int({ min: 1, max: 12 }), exp_year: p.int(), cvc: p.string(), token: p.string() }),
  billing_details: billing,
  metadata: p.emptyable(p.metadata()),
  customer: p.string(),
  payment_method: p.string(),
  expand: p.arr(p.string()),
};
const updateShape = { billing_details: billing, metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) };
const listPmShape = { ...listShape, customer: p.string(), type: p.string() };

export function paymentMethodRoutes(r: Router): void {
  r.post('/v1/payment_methods', ({ em, body }) => {
    const input = parseShape(createShape, body);
    return createPaymentMethod(em, input);
  });
  r.get('/v1/payment_methods/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const pm = ctx.em.db.paymentMethods.get(pathId(ctx));
    if (!pm) throw resourceMissing('PaymentMethod', pathId(ctx), 'payment_method');
    return pm;
  });
  r.post('/v1/payment_methods/:id', (ctx) => {
    const input = parseShape(updateShape, ctx.body);
    const pm = ctx.em.db.paymentMethods.get(pathId(ctx));
    if (!pm) throw resourceMissing('PaymentMethod', pathId(ctx), 'payment_method');
    const after: Stripe.PaymentMethod = {
      ...pm,
      metadata: mergeMetadata(pm.metadata ?? {}, input.metadata),
      billing_details: { ...pm.billing_details, ...input.billing_details },
    };
    ctx.em.db.paymentMethods.put(after);
    ctx.em.emit('payment_method.updated', after, { previous: { metadata: pm.metadata, billing_details: pm.billing_details } });
    return after;
  });
  r.post('/v1/payment_methods/:id/attach', (ctx) => {
    const input = parseShape({ customer: p.required(p.string()), expand: p.arr(p.string()) }, ctx.body);
    return attachPaymentMethod(ctx.em, pathId(ctx), input.customer, 'payment_method');
  });
  r.post('/v1/payment_methods/:id/detach', (ctx) => {
    parseShape(expandShape, ctx.body);
    return detachPaymentMethod(ctx.em, pathId(ctx));
  });
  r.get('/v1/payment_methods', ({ em, body }) => {
    const input = parseShape(listPmShape, body);
    if (input.customer !== undefined) getCustomer(em, input.customer);
    const items = em.db.paymentMethods
      .newestFirst()
      .filter((pm) => (input.customer === undefined || pm.customer === input.customer) && (input.type === undefined || pm.type === input.type));
    return paginate(items, input, '/v1/payment_methods', 'payment_method');
  });
  r.get('/v1/customers/:id/payment_methods', (ctx) => {
    const input = parseShape({ ...listShape, type: p.string(), allow_redisplay: p.string() }, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    const items = ctx.em.db.paymentMethods.newestFirst().filter((pm) => pm.customer === customer.id && (input.type === undefined || pm.type === input.type));
    return paginate(items, input, `/v1/customers/${customer.id}/payment_methods`, 'payment_method');
  });
}

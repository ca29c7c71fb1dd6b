import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape, rangeParam } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import { automaticTaxParam } from '../tax/params.ts';
import { cancelSubscription } from './cancel.ts';
import { subscriptionDiscountRoutes } from './discount-routes.ts';
import { subscriptionItemRoutes } from './item-routes.ts';
import { idOf } from './items.ts';
import { registerSubscriptionHooks } from './lifecycle.ts';
import { createSubscription, getSubscription } from './subscriptions.ts';
import { updateSubscription } from './update.ts';

const paymentBehavior = p.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete']);
const trialEnd = p.timestamp({ now: true });
const createShape = {
  customer: p.required(p.string({ nonEmpty: true })),
  items: p.required(
    p.arr(
      p.obj({
        price: p.string({ nonEmpty: true }),
        plan: p.string({ nonEmpty: true }),
        quantity: p.int({ min: 0 }),
        metadata: p.emptyable(p.metadata()),
        tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
      }),
      { max: 20 },
    ),
  ),
  trial_period_days: p.int({ min: 0, max: 730 }),
  trial_end: trialEnd,
  trial_from_plan: p.bool(),
  default_payment_method: p.string({ nonEmpty: true }),
  payment_behavior: paymentBehavior,
  collection_method: p.enum(['charge_automatically', 'send_invoice']),
  days_until_due: p.int({ min: 0 }),
  metadata: p.emptyable(p.metadata()),
  cancel_at_period_end: p.bool(),
  cancel_at: p.int(),
  description: p.string(),
  off_session: p.bool(),
  proration_behavior: p.enum(['create_prorations', 'none', 'always_invoice']),
  add_invoice_items: p.arr(p.obj({ price: p.required(p.string()), quantity: p.int({ min: 1 }) })),
  discounts: p.arr(p.obj({ coupon: p.string({ nonEmpty: true }), promotion_code: p.string({ nonEmpty: true }), discount: p.string({ nonEmpty: true }) })),
  payment_settings: p.obj({ save_default_payment_method: p.enum(['off', 'on_subscription']), payment_method_types: p.arr(p.string()) }),
  default_tax_rates: p.arr(p.string({ nonEmpty: true })),
  automatic_tax: automaticTaxParam,
  currency: p.currency(),
  trial_settings: p.obj({ end_behavior: p.required(p.obj({ missing_payment_method: p.required(p.enum(['cancel', 'create_invoice', 'pause'])) })) }),
  expand: p.arr(p.string()),
};
const updateShape = {
  items: p.arr(
    p.obj({
      id: p.string(),
      price: p.string({ nonEmpty: true }),
      plan: p.string({ nonEmpty: true }),
      quantity: p.int({ min: 0 }),
      deleted: p.bool(),
      clear_usage: p.bool(),
      metadata: p.emptyable(p.metadata()),
      tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
    }),
    { max: 20 },
  ),
  proration_behavior: p.enum(['create_prorations', 'none', 'always_invoice']),
  proration_date: p.int(),
  cancel_at_period_end: p.bool(),
  cancel_at: p.emptyable(p.int()),
  default_payment_method: p.string(),
  metadata: p.emptyable(p.metadata()),
  trial_end: trialEnd,
  payment_behavior: paymentBehavior,
  description: p.string(),
  collection_method: p.enum(['charge_automatically', 'send_invoice']),
  days_until_due: p.int({ min: 0 }),
  pause_collection: p.emptyable(p.obj({ behavior: p.required(p.enum(['keep_as_draft', 'mark_uncollectible', 'void'])), resumes_at: p.int() })),
  off_session: p.bool(),
  cancellation_details: p.obj({ comment: p.string(), feedback: p.string() }),
  discounts: p.emptyable(
    p.arr(p.obj({ coupon: p.string({ nonEmpty: true }), promotion_code: p.string({ nonEmpty: true }), discount: p.string({ nonEmpty: true }) })),
  ),
  default_tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
  automatic_tax: automaticTaxParam,
  currency: p.currency(),
  expand: p.arr(p.string()),
};
const cancelShape = {
  invoice_now: p.bool(),
  prorate: p.bool(),
  cancellation_details: p.obj({
    comment: p.string(),
    feedback: p.emptyable(
      p.enum(['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused']),
    ),
  }),
  expand: p.arr(p.string()),
};
const listSubsShape = {
  ...listShape,
  customer: p.string(),
  price: p.string(),
  status: p.enum(['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid']),
  test_clock: p.string(),
  collection_method: p.enum(['charge_automatically', 'send_invoice']),
  current_period_end: rangeParam,
  current_period_start: rangeParam,
};

function readField(sub: Stripe.Subscription, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'status':
      return sub.status;
    case 'metadata':
      return key === null ? undefined : (sub.metadata[key] ?? null);
    case 'created':
      return sub.created;
    case 'customer':
      return idOf(sub.customer);
    case 'canceled_at':
      return sub.canceled_at;
    default:
      return undefined;
  }
}

export function subscriptionRoutes(r: Router, em: Emulator): void {
  registerSubscriptionHooks(em);
  r.post('/v1/subscriptions', ({ em, body }) => {
    const { expand: _e, trial_from_plan: _t, proration_behavior: _p, payment_settings: _s, ...input } = parseShape(createShape, body);
    return createSubscription(em, input);
  });
  r.get('/v1/subscriptions', ({ em, body }) => {
    const input = parseShape(listSubsShape, body);
    const items = em.db.subscriptions.newestFirst().filter((sub) => {
      if (input.customer !== undefined && sub.customer !== input.customer) return false;
      if (input.test_clock !== undefined && sub.test_clock !== input.test_clock) return false;
      if (input.collection_method !== undefined && sub.collection_method !== input.collection_method) return false;
      if (input.price !== undefined && !sub.items.data.some((item) => item.price.id === input.price)) return false;
      const status = input.status;
      if (status === undefined) return sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
      if (status === 'all') return true;
      if (status === 'ended') return sub.status === 'canceled' || sub.status === 'incomplete_expired';
      return sub.status === status;
    });
    return paginate(items, input, '/v1/subscriptions', 'subscription');
  });
  searchRoute(r, '/v1/subscriptions', (em) => em.db.subscriptions.newestFirst(), readField);
  r.get('/v1/subscriptions/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getSubscription(ctx.em, pathId(ctx), 'subscription_exposed_id');
  });
  r.post('/v1/subscriptions/:id', (ctx) => {
    const { expand: _e, clear_usage: _c, cancellation_details: _d, ...input } = { clear_usage: undefined, ...parseShape(updateShape, ctx.body) };
    return updateSubscription(ctx.em, pathId(ctx), input);
  });
  r.delete('/v1/subscriptions/:id', (ctx) => {
    const { expand: _e, ...input } = parseShape(cancelShape, ctx.body);
    return cancelSubscription(ctx.em, pathId(ctx), input);
  });
  r.post('/v1/subscriptions/:id/cancel', (ctx) => {
    const { expand: _e, ...input } = parseShape(cancelShape, ctx.body);
    return cancelSubscription(ctx.em, pathId(ctx), input);
  });
  r.post('/v1/subscriptions/:id/resume', (ctx) => {
    parseShape(
      { billing_cycle_anchor: p.enum(['now', 'unchanged']), proration_behavior: p.string(), proration_date: p.int(), expand: p.arr(p.string()) },
      ctx.body,
    );
    return updateSubscription(ctx.em, pathId(ctx), { pause_collection: '' });
  });
  subscriptionItemRoutes(r);
  subscriptionDiscountRoutes(r);
}

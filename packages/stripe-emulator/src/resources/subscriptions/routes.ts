import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { p, rangeParam } from '../../core/params.ts';
import { accepted, resourceRoutes, where, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
const resumeShape = { billing_cycle_anchor: p.enum(['now', 'unchanged']), proration_behavior: p.string(), proration_date: p.int(), expand: p.arr(p.string()) };
const notEnded = (sub: Stripe.Subscription) => sub.status !== 'canceled' && sub.status !== 'incomplete_expired';
const statusFilter = where(
  p.enum(['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid']),
  (sub: Stripe.Subscription, status) => (status === 'all' ? true : status === 'ended' ? !notEnded(sub) : sub.status === status),
  // Without `status`, Stripe lists the subscriptions that have not ended.
  notEnded,
);

export function subscriptionRoutes(r: Router, em: Emulator): void {
  registerSubscriptionHooks(em);
  const cancel = withId(cancelShape, cancelSubscription);
  resourceRoutes(r, 'subscription', (db: Db) => db.subscriptions, {
    match: { customer: p.string(), test_clock: p.string(), collection_method: p.enum(['charge_automatically', 'send_invoice']) },
    filters: {
      price: where(p.string(), (sub, price) => sub.items.data.some((item) => item.price.id === price)),
      status: statusFilter,
      current_period_end: accepted(rangeParam),
      current_period_start: accepted(rangeParam),
    },
    search: { status: (sub) => sub.status, created: (sub) => sub.created, customer: (sub) => idOf(sub.customer), canceled_at: (sub) => sub.canceled_at },
    create: withBody(createShape, (em, { trial_from_plan: _t, proration_behavior: _p, payment_settings: _s, ...input }) => createSubscription(em, input)),
    retrieve: (em, id) => getSubscription(em, id, 'subscription_exposed_id'),
    update: withId(updateShape, (em, id, { cancellation_details: _d, ...input }) => updateSubscription(em, id, input)),
    actions: { cancel, resume: withId(resumeShape, (em, id) => updateSubscription(em, id, { pause_collection: '' })) },
  });
  r.delete('/v1/subscriptions/:id', cancel);
  subscriptionItemRoutes(r);
  subscriptionDiscountRoutes(r);
}

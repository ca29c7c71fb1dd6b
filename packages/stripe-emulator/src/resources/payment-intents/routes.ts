import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { invalidRequest } from '../../errors.ts';
import { type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import {
  authenticatePaymentIntent,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  getPaymentIntent,
  paymentIntentError,
} from './payment-intents.ts';

const createShape = {
  amount: p.required(p.int({ min: 1 })),
  currency: p.required(p.currency()),
  customer: p.string({ nonEmpty: true }),
  payment_method: p.string({ nonEmpty: true }),
  confirm: p.bool(),
  off_session: p.bool(),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  setup_future_usage: p.enum(['off_session', 'on_session']),
  capture_method: p.enum(['automatic', 'automatic_async', 'manual']),
  receipt_email: p.string(),
  payment_method_types: p.arr(p.string()),
  automatic_payment_methods: p.obj({ enabled: p.required(p.bool()), allow_redirects: p.enum(['always', 'never']) }),
  return_url: p.string(),
  error_on_requires_action: p.bool(),
  expand: p.arr(p.string()),
};
const confirmShape = { payment_method: p.string({ nonEmpty: true }), off_session: p.bool(), return_url: p.string(), expand: p.arr(p.string()) };

function readField(pi: Stripe.PaymentIntent, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'amount':
      return pi.amount;
    case 'created':
      return pi.created;
    case 'currency':
      return pi.currency;
    case 'customer':
      return typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null);
    case 'status':
      return pi.status;
    case 'metadata':
      return key === null ? undefined : (pi.metadata[key] ?? null);
    default:
      return undefined;
  }
}

const updateShape = {
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  amount: p.int({ min: 1 }),
  payment_method: p.string(),
  receipt_email: p.string(),
  expand: p.arr(p.string()),
};

export function paymentIntentRoutes(r: Router): void {
  r.post('/v1/payment_intents', ({ em, body }) => {
    const {
      confirm,
      off_session,
      return_url,
      expand: _e,
      automatic_payment_methods: _a,
      error_on_requires_action: _r,
      ...input
    } = parseShape(createShape, body);
    // Stripe: `off_session` describes a confirmation, so it needs `confirm=true`.
    if (off_session !== undefined && !confirm)
      throw invalidRequest(
        'You can only pass `off_session` when `confirm` is set to true. Pass `confirm=true`, or confirm the PaymentIntent later with `off_session`.',
        'off_session',
      );
    if (off_session && input.setup_future_usage !== undefined)
      throw invalidRequest(
        'You cannot confirm with the `off_session` parameter when `setup_future_usage` is also set on the PaymentIntent because you cannot set up future usages when processing payments off-session.',
        'off_session',
      );
    const pi = createPaymentIntent(em, input);
    if (!confirm) return pi;
    const confirmed = confirmPaymentIntent(em, pi.id, { off_session, return_url });
    if (confirmed.status === 'requires_payment_method') throw paymentIntentError(confirmed);
    return confirmed;
  });
  r.get('/v1/payment_intents', ({ em, body }) => {
    const input = parseShape({ ...listShape, customer: p.string() }, body);
    const items = em.db.paymentIntents.newestFirst().filter((pi) => input.customer === undefined || pi.customer === input.customer);
    return paginate(items, input, '/v1/payment_intents', 'payment_intent');
  });
  searchRoute(r, '/v1/payment_intents', (em) => em.db.paymentIntents.newestFirst(), readField);
  r.get('/v1/payment_intents/:id', (ctx) => {
    parseShape({ ...expandShape, client_secret: p.string() }, ctx.body);
    return getPaymentIntent(ctx.em, pathId(ctx), 'intent');
  });
  r.post('/v1/payment_intents/:id', (ctx) => {
    const input = parseShape(updateShape, ctx.body);
    const before = getPaymentIntent(ctx.em, pathId(ctx), 'intent');
    const after = {
      ...before,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.amount !== undefined ? { amount: input.amount } : {}),
      ...(input.receipt_email !== undefined ? { receipt_email: input.receipt_email } : {}),
      metadata: mergeMetadata(before.metadata, input.metadata),
    };
    ctx.em.db.paymentIntents.put(after);
    return after;
  });
  r.post('/v1/payment_intents/:id/confirm', (ctx) => {
    const input = parseShape(confirmShape, ctx.body);
    const confirmed = confirmPaymentIntent(ctx.em, pathId(ctx), input);
    if (confirmed.status === 'requires_payment_method') throw paymentIntentError(confirmed);
    if (confirmed.status === 'succeeded') for (const hook of ctx.em.hooks.paymentIntentSucceeded) hook(confirmed);
    return confirmed;
  });
  r.post('/v1/payment_intents/:id/cancel', (ctx) => {
    const input = parseShape(
      { cancellation_reason: p.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']), expand: p.arr(p.string()) },
      ctx.body,
    );
    return cancelPaymentIntent(ctx.em, pathId(ctx), input.cancellation_reason);
  });
  r.post('/v1/payment_intents/:id/capture', (ctx) => {
    const input = parseShape({ amount_to_capture: p.int({ min: 1 }), expand: p.arr(p.string()) }, ctx.body);
    return capturePaymentIntent(ctx.em, pathId(ctx), input.amount_to_capture);
  });
  // Emulator-only: what the customer does in the 3-D Secure window.
  r.post('/_emulator/payment_intents/:id/authenticate', (ctx) => {
    const input = parseShape({ outcome: p.enum(['succeed', 'fail']) }, ctx.body);
    return authenticatePaymentIntent(ctx.em, pathId(ctx), input.outcome !== 'fail');
  });
}

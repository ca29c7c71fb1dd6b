import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, p, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import { sent } from '../../core/sent.ts';
import { invalidRequest } from '../../errors.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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

const updateShape = { ...updatable(createShape, ['description', 'metadata', 'amount', 'receipt_email', 'expand']), payment_method: p.string() };
const cancelShape = { cancellation_reason: p.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']), expand: p.arr(p.string()) };

export function paymentIntentRoutes(r: Router): void {
  resourceRoutes(r, 'payment_intent', (db: Db) => db.paymentIntents, {
    match: { customer: p.string() },
    search: {
      amount: (pi) => pi.amount,
      created: (pi) => pi.created,
      currency: (pi) => pi.currency,
      customer: (pi) => (typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null)),
      status: (pi) => pi.status,
    },
    create: withBody(createShape, (em, { confirm, off_session, return_url, automatic_payment_methods: _a, error_on_requires_action: _r, ...input }) => {
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
    }),
    retrieve: (em, id) => getPaymentIntent(em, id, 'intent'),
    retrieveShape: { ...expandShape, client_secret: p.string() },
    update: withId(updateShape, (em, id, input) => {
      const before = getPaymentIntent(em, id, 'intent');
      const after = {
        ...before,
        ...sent(input, ['description', 'amount', 'receipt_email']),
        metadata: mergeMetadata(before.metadata, input.metadata),
      };
      em.db.paymentIntents.put(after);
      return after;
    }),
    actions: {
      confirm: withId(confirmShape, (em, id, input) => {
        const confirmed = confirmPaymentIntent(em, id, input);
        if (confirmed.status === 'requires_payment_method') throw paymentIntentError(confirmed);
        if (confirmed.status === 'succeeded') for (const hook of em.hooks.paymentIntentSucceeded) hook(confirmed);
        return confirmed;
      }),
      cancel: withId(cancelShape, (em, id, input) => cancelPaymentIntent(em, id, input.cancellation_reason)),
      capture: withId({ amount_to_capture: p.int({ min: 1 }), expand: p.arr(p.string()) }, (em, id, input) =>
        capturePaymentIntent(em, id, input.amount_to_capture),
      ),
    },
  });
  // Emulator-only: what the customer does in the 3-D Secure window.
  r.post(
    '/_emulator/payment_intents/:id/authenticate',
    withId({ outcome: p.enum(['succeed', 'fail']) }, (em, id, input) => authenticatePaymentIntent(em, id, input.outcome !== 'fail')),
  );
}

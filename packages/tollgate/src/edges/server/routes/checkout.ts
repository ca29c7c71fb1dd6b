import { z } from 'zod';
import { createCheckout } from '../../../commands/checkout/create.ts';
import { createPurchaseCheckout } from '../../../commands/checkout/create-purchase.ts';
import { syncCheckoutSession, syncCheckoutSessionInput } from '../../../commands/checkout/sync.ts';
import { getCustomerRecord } from '../../../reads/operator/list.ts';
import { appError } from '../../../core/lib/errors.ts';
import { err, ok } from '../../../core/lib/result.ts';
import { presentSubscription, subscriptionSchema } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';

const url = z.url().max(INPUT_LIMITS.url);
const metadata = z
  .record(text(40), text(INPUT_LIMITS.text, 0))
  .optional()
  .describe('Your own keys (a tenant id, say), copied to the session and subscription. Secret key only: apps act on it');
const email = z.email().max(INPUT_LIMITS.email);
const secretOnlyNote = 'Secret key only (a money decision): a customer token sending it is refused with 403';
const session = z.object({ id: z.string(), url: z.string() });

/** Hosted Checkout for plans and one-time purchases (src/checkout). */
export const checkoutRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'checkout/session',
    summary: 'Start a Checkout Session for a plan and interval (or, secret key only, a raw price_id); redirect the browser to url',
    tag: 'Checkout',
    auth: 'customer',
    status: 201,
    body: z.object({
      plan: text(INPUT_LIMITS.key).optional().describe('A plan key from the config (hidden plans: secret key only); or give price_id'),
      interval: z.enum(['month', 'year']).optional(),
      price_id: text(INPUT_LIMITS.id).startsWith('price_').optional().describe(`Any recurring price in the Stripe account. ${secretOnlyNote}`),
      seats: z.number().int().min(1).max(10_000).optional(),
      trial_days: z
        .number()
        .int()
        .min(0)
        .max(730)
        .optional()
        .describe(`Overrides the plan's trial (default: the config's trialDays, first-time subscribers only). ${secretOnlyNote}`),
      customer_email: email.optional(),
      success_url: url,
      cancel_url: url,
      metadata,
      allow_promotion_codes: z.boolean().optional().describe(`Default: the plan's promotionCodes in the config. ${secretOnlyNote}`),
      currency: text(3, 3)
        .optional()
        .describe(`Bill in this currency: the config's or one of the plan's currencies (default: the customer's, else the config's). ${secretOnlyNote}`),
    }),
    secretOnly: { trial_days: 30, price_id: 'price_internal', metadata: { tenant: 't1' }, allow_promotion_codes: true, currency: 'eur' },
    response: session.extend({ session_id: z.string() }),
    example: {
      body: {
        customer: 'user_123',
        plan: 'pro',
        interval: 'month',
        success_url: 'https://app.example/billing?ok=1',
        cancel_url: 'https://app.example/pricing',
      },
    },
    async handler({ deps, input: { priceId, plan, interval, customerEmail, ...rest }, principal }) {
      // The request's `customer_email` is the operation's `email`; a price_id wins over a plan.
      const common = { ...rest, email: customerEmail, selfService: !principal.admin };
      const created =
        priceId !== undefined ? await createCheckout(deps, { ...common, priceId }) : await createCheckout(deps, { ...common, plan: plan ?? '', interval });
      return created.ok ? ok({ sessionId: created.value.id, ...created.value }) : created;
    },
  }),
  defineRoute({
    method: 'post',
    path: 'checkout/purchase',
    summary: 'Start a one-time purchase: a product from the config, or (secret key only) an ad-hoc amount',
    tag: 'Checkout',
    auth: 'customer',
    status: 201,
    body: z.object({
      product: text(INPUT_LIMITS.key).optional().describe('A one-time product key from the config'),
      amount: z
        .object({ amount: z.number().int().min(1).max(99_999_999), currency: text(3, 3), name: text(250) })
        .optional()
        .describe(`An ad-hoc price (a marketplace listing priced by its seller). ${secretOnlyNote}`),
      quantity: z.number().int().min(1).max(1000).optional(),
      customer_email: email.optional(),
      success_url: url,
      cancel_url: url,
      metadata,
    }),
    secretOnly: { amount: { amount: 1, currency: 'usd', name: 'Agent' }, metadata: { agent_id: 'agt_1' } },
    response: session,
    example: { body: { customer: 'user_123', product: 'agent_template', success_url: 'https://app.example/ok', cancel_url: 'https://app.example/' } },
    handler({ deps, input: { amount, product, customerEmail, ...rest } }) {
      const common = { ...rest, email: customerEmail };
      return amount !== undefined ? createPurchaseCheckout(deps, { ...common, amount }) : createPurchaseCheckout(deps, { ...common, product: product ?? '' });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'checkout/sync',
    summary: 'From the success page: apply the finished Checkout Session now, before the webhook arrives',
    tag: 'Checkout',
    auth: 'customer',
    body: z.object({ session_id: syncCheckoutSessionInput.shape.id }),
    response: z.object({
      id: z.string(),
      mode: z.enum(['payment', 'setup', 'subscription']),
      status: z.enum(['complete', 'expired', 'open']).nullable(),
      payment_status: z.enum(['no_payment_required', 'paid', 'unpaid']),
      subscription: subscriptionSchema.nullable().describe('The mirrored subscription (subscription mode, once complete)'),
    }),
    example: { body: { customer: 'user_123', session_id: 'cs_test_123' } },
    async handler({ deps, customer, body }) {
      const synced = await syncCheckoutSession(deps, body.session_id, { customer });
      if (!synced.ok) return synced;
      const { subscription, purchase } = synced.value;
      // A credential only sees its own customer's sessions.
      const owner = subscription?.stripeCustomerId ?? purchase?.stripeCustomerId ?? null;
      const record = await getCustomerRecord(deps, { externalId: customer });
      if (owner !== null && owner !== record?.stripeCustomerId) {
        return err(appError('not_found', `no Checkout Session ${body.session_id} for this customer`, 'session_id'));
      }
      return ok({
        id: synced.value.id,
        mode: synced.value.mode,
        status: synced.value.status,
        paymentStatus: synced.value.paymentStatus,
        subscription: subscription ? presentSubscription(subscription) : null,
      });
    },
  }),
];

import { z } from 'zod';
import { createCheckout } from '../../checkout/create.ts';
import { createPurchaseCheckout } from '../../checkout/create-purchase.ts';
import { syncCheckoutSession } from '../../checkout/sync.ts';
import { getCustomerRecord } from '../../admin/list.ts';
import { appError } from '../../lib/errors.ts';
import { err, ok } from '../../lib/result.ts';
import { presentSubscription } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const url = z.url().max(2048);
const metadata = z.record(z.string(), z.string().max(500)).optional().describe('Your own keys (a tenant id, say), copied to the session and subscription');
const session = z.object({ id: z.string(), url: z.string() });

/** Hosted Checkout for plans and one-time purchases (src/checkout). */
export const checkoutRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'checkout/session',
    summary: 'Start a Checkout Session for a plan and interval (or a raw price_id); redirect the browser to url',
    tag: 'Checkout',
    auth: 'customer',
    status: 201,
    body: z.object({
      plan: z.string().min(1).max(100).optional().describe('A plan key from the config; or give price_id'),
      interval: z.enum(['month', 'year']).optional(),
      price_id: z.string().startsWith('price_').optional(),
      seats: z.number().int().min(1).max(100_000).optional(),
      trial_days: z.number().int().min(0).max(730).optional(),
      customer_email: z.email().optional(),
      success_url: url,
      cancel_url: url,
      metadata,
      allow_promotion_codes: z.boolean().optional(),
    }),
    response: session.extend({ session_id: z.string() }),
    example: { body: { customer: 'user_123', plan: 'pro', interval: 'month', success_url: 'https://app.example/billing?ok=1', cancel_url: 'https://app.example/pricing' } },
    async handler({ deps, customer, body }) {
      const common = {
        customer,
        successUrl: body.success_url,
        cancelUrl: body.cancel_url,
        ...(body.seats !== undefined ? { seats: body.seats } : {}),
        ...(body.trial_days !== undefined ? { trialDays: body.trial_days } : {}),
        ...(body.customer_email !== undefined ? { email: body.customer_email } : {}),
        ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
        ...(body.allow_promotion_codes !== undefined ? { allowPromotionCodes: body.allow_promotion_codes } : {}),
      };
      const created =
        body.price_id !== undefined
          ? await createCheckout(deps, { ...common, priceId: body.price_id })
          : await createCheckout(deps, { ...common, plan: body.plan ?? '', ...(body.interval ? { interval: body.interval } : {}) });
      return created.ok ? ok({ sessionId: created.value.id, ...created.value }) : created;
    },
  }),
  defineRoute({
    method: 'post',
    path: 'checkout/purchase',
    summary: 'Start a one-time purchase: a product from the config, or an ad-hoc amount',
    tag: 'Checkout',
    auth: 'customer',
    status: 201,
    body: z.object({
      product: z.string().min(1).max(100).optional(),
      amount: z.object({ amount: z.number().int().min(1), currency: z.string().length(3), name: z.string().min(1).max(250) }).optional(),
      quantity: z.number().int().min(1).max(1000).optional(),
      customer_email: z.email().optional(),
      success_url: url,
      cancel_url: url,
      metadata,
    }),
    response: session,
    example: { body: { customer: 'user_123', amount: { amount: 900, currency: 'usd', name: 'Research agent' }, success_url: 'https://app.example/ok', cancel_url: 'https://app.example/' } },
    handler({ deps, customer, body }) {
      const common = {
        customer,
        successUrl: body.success_url,
        cancelUrl: body.cancel_url,
        ...(body.quantity !== undefined ? { quantity: body.quantity } : {}),
        ...(body.customer_email !== undefined ? { email: body.customer_email } : {}),
        ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
      };
      return body.amount !== undefined
        ? createPurchaseCheckout(deps, { ...common, amount: body.amount })
        : createPurchaseCheckout(deps, { ...common, product: body.product ?? '' });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'checkout/sync',
    summary: 'From the success page: apply the finished Checkout Session now, before the webhook arrives',
    tag: 'Checkout',
    auth: 'customer',
    body: z.object({ session_id: z.string().startsWith('cs_') }),
    example: { body: { customer: 'user_123', session_id: 'cs_test_123' } },
    async handler({ deps, customer, body }) {
      const synced = await syncCheckoutSession(deps, body.session_id);
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

import type Stripe from 'stripe';
import { z } from 'zod';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { findCustomer } from '../customers/find.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, httpUrl } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { findLiveSubscription } from '../../stripe-in/mirror/live-subscription.ts';

export type PortalFlow = 'payment_method_update' | 'subscription_cancel' | 'subscription_update';

const FLOWS = ['payment_method_update', 'subscription_cancel', 'subscription_update'] as const satisfies readonly PortalFlow[];

export const createPortalSessionInput = z.object({
  /** The app's id for the customer. */
  customer: appId(),
  returnUrl: httpUrl(),
  /** Open the portal on one task (a "Cancel plan" or "Update card" button) instead of its home page. */
  flow: z.enum(FLOWS, { error: `must be one of ${FLOWS.join(', ')}` }).optional(),
});
export type CreatePortalSessionInput = z.input<typeof createPortalSessionInput>;

/** A Stripe customer portal session (cards, invoices, plan, cancelation) for a known customer. */
export const createPortalSession = operation(createPortalSessionInput, async (deps: Deps, input): Promise<Result<{ id: string; url: string }, AppError>> => {
  const customer = await findCustomer(deps, input.customer);
  if (!customer.ok) return customer;
  const params: Stripe.BillingPortal.SessionCreateParams = { customer: customer.value.stripeCustomerId, return_url: input.returnUrl };
  if (input.flow === 'payment_method_update') params.flow_data = { type: 'payment_method_update' };
  if (input.flow === 'subscription_cancel' || input.flow === 'subscription_update') {
    const live = await findLiveSubscription(deps, customer.value.stripeCustomerId);
    if (!live) return err(appError('subscription_not_found', `customer "${input.customer}" has no active subscription`, 'flow'));
    params.flow_data =
      input.flow === 'subscription_cancel'
        ? { type: 'subscription_cancel', subscription_cancel: { subscription: live.id } }
        : { type: 'subscription_update', subscription_update: { subscription: live.id } };
  }
  const session = await deps.stripe.billingPortal.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('portal', deps.clock, params) });
  return ok({ id: session.id, url: session.url });
});

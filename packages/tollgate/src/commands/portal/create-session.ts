import type Stripe from 'stripe';
import { checkUrl } from '../checkout/validate.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { findCustomer } from '../customers/find.ts';
import { checkId } from '../customers/validate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { findLiveSubscription } from '../../stripe-in/mirror/live-subscription.ts';

export type PortalFlow = 'payment_method_update' | 'subscription_cancel' | 'subscription_update';

export interface CreatePortalSessionInput {
  /** The app's id for the customer. */
  customer: string;
  returnUrl: string;
  /** Open the portal on one task (a "Cancel plan" or "Update card" button) instead of its home page. */
  flow?: PortalFlow;
}

const FLOWS: readonly PortalFlow[] = ['payment_method_update', 'subscription_cancel', 'subscription_update'];

/** A Stripe customer portal session (cards, invoices, plan, cancelation) for a known customer. */
export async function createPortalSession(deps: Deps, input: CreatePortalSessionInput): Promise<Result<{ id: string; url: string }, AppError>> {
  const id = checkId(input.customer, 'customer');
  if (!id.ok) return id;
  const returnUrl = checkUrl(input.returnUrl, 'returnUrl');
  if (!returnUrl.ok) return returnUrl;
  if (input.flow !== undefined && !FLOWS.includes(input.flow)) {
    return err(appError('validation_failed', `flow must be one of ${FLOWS.join(', ')}`, 'flow'));
  }
  const customer = await findCustomer(deps, id.value);
  if (!customer.ok) return customer;
  const params: Stripe.BillingPortal.SessionCreateParams = { customer: customer.value.stripeCustomerId, return_url: returnUrl.value };
  if (input.flow === 'payment_method_update') params.flow_data = { type: 'payment_method_update' };
  if (input.flow === 'subscription_cancel' || input.flow === 'subscription_update') {
    const live = await findLiveSubscription(deps, customer.value.stripeCustomerId);
    if (!live) return err(appError('subscription_not_found', `customer "${id.value}" has no active subscription`, 'flow'));
    params.flow_data =
      input.flow === 'subscription_cancel'
        ? { type: 'subscription_cancel', subscription_cancel: { subscription: live.id } }
        : { type: 'subscription_update', subscription_update: { subscription: live.id } };
  }
  const session = await deps.stripe.billingPortal.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('portal', deps.clock, params) });
  return ok({ id: session.id, url: session.url });
}

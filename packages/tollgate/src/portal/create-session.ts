import type Stripe from 'stripe';
import { findCustomer } from '../customers/find.ts';
import { checkId } from '../customers/validate.ts';
import { checkUrl, sessionIdempotencyKey } from '../checkout/validate.ts';
import type { Deps } from '../lib/deps.ts';
import type { AppError } from '../lib/errors.ts';
import { ok, type Result } from '../lib/result.ts';

export interface CreatePortalSessionInput {
  /** The app's id for the customer. */
  customer: string;
  returnUrl: string;
}

/** A Stripe customer portal session (cards, invoices, cancelation) for a known customer. */
export async function createPortalSession(deps: Deps, input: CreatePortalSessionInput): Promise<Result<{ id: string; url: string }, AppError>> {
  const id = checkId(input.customer, 'customer');
  if (!id.ok) return id;
  const returnUrl = checkUrl(input.returnUrl, 'returnUrl');
  if (!returnUrl.ok) return returnUrl;
  const customer = await findCustomer(deps, id.value);
  if (!customer.ok) return customer;
  const params: Stripe.BillingPortal.SessionCreateParams = { customer: customer.value.stripeCustomerId, return_url: returnUrl.value };
  const session = await deps.stripe.billingPortal.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('portal', deps.clock, params) });
  return ok({ id: session.id, url: session.url });
}

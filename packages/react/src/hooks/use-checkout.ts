import type { ChangePlanInput, CheckoutInput, CheckoutSession, PlanChange, PortalSession } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';

export interface CheckoutOptions {
  /** Send the browser to Checkout (default true); false only returns the session and its url. */
  redirect?: boolean;
}

/** Starts a hosted Checkout Session for a plan and, by default, redirects the browser to it. */
export function useCheckout(): ActionState<CheckoutSession> & {
  checkout: (input: CheckoutInput, options?: CheckoutOptions) => Promise<CheckoutSession | undefined>;
} {
  const { client, navigate } = useTollgate();
  const { run, ...state } = useAction(async (input: CheckoutInput, options?: CheckoutOptions) => {
    const session = await client.createCheckoutSession(input);
    if (options?.redirect !== false) navigate(session.url);
    return session;
  });
  return { ...state, checkout: run };
}

/** Opens the Stripe customer portal (cards, invoices, cancelation) and, by default, redirects to it. */
export function usePortal(): ActionState<PortalSession> & { open: (returnUrl: string, options?: CheckoutOptions) => Promise<PortalSession | undefined> } {
  const { client, navigate } = useTollgate();
  const { run, ...state } = useAction(async (returnUrl: string, options?: CheckoutOptions) => {
    const session = await client.createPortalSession(returnUrl);
    if (options?.redirect !== false) navigate(session.url);
    return session;
  });
  return { ...state, open: run };
}

/** Changes a subscriber's plan (upgrades now with proration, downgrades at period end), then refreshes subscription and usage readers. */
export function useChangePlan(): ActionState<PlanChange> & { changePlan: (input: ChangePlanInput) => Promise<PlanChange | undefined> } {
  const { client, invalidate, rememberChange } = useTollgate();
  const { run, ...state } = useAction(async (input: ChangePlanInput) => {
    const changed = await client.changePlan(input);
    rememberChange(input.plan, changed);
    invalidate('subscription');
    invalidate('usage');
    return changed;
  });
  return { ...state, changePlan: run };
}

import type { ChangePlanInput, CheckoutInput, CheckoutSession, PlanChange, PortalSession } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';
import { type RedirectAction, useRedirect } from './use-redirect.ts';

export type { CheckoutOptions } from './use-redirect.ts';

/** Starts a hosted Checkout Session for a plan and, by default, redirects the browser to it. */
export function useCheckout(): ActionState<CheckoutSession> & { checkout: RedirectAction<CheckoutInput, CheckoutSession> } {
  const { run, ...state } = useRedirect((client, input: CheckoutInput) => client.createCheckoutSession(input));
  return { ...state, checkout: run };
}

/** Opens the Stripe customer portal (cards, invoices, cancelation) and, by default, redirects to it. */
export function usePortal(): ActionState<PortalSession> & { open: RedirectAction<string, PortalSession> } {
  const { run, ...state } = useRedirect((client, returnUrl: string) => client.createPortalSession(returnUrl));
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

import type { BuyCreditsInput, CreditBalance, CreditPurchase } from '../client/types.ts';
import type { ActionState } from './use-action.ts';
import { type RedirectAction, useRedirect } from './use-redirect.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/**
 * The customer's credit balance: available credits, the period's spend and
 * cap, and the live grants in burn order. Refreshes after a consume (credits
 * are usage) and after a purchase returns.
 */
export function useCredits(system?: string): ResourceState<CreditBalance> {
  return useResource('usage', `credits:${system ?? ''}`, (client) => client.getCredits(system));
}

/**
 * Buys a pack of credits through hosted Checkout and, by default, redirects
 * to it. The browser names a pack the config offers; the price is the config's.
 */
export function useBuyCredits(): ActionState<CreditPurchase> & { buy: RedirectAction<BuyCreditsInput, CreditPurchase> } {
  const { run, ...state } = useRedirect((client, input: BuyCreditsInput) => client.buyCredits(input));
  return { ...state, buy: run };
}

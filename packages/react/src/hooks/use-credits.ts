import type { BuyCreditsInput, CreditBalance, CreditPurchase } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';
import type { CheckoutOptions } from './use-checkout.ts';
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
export function useBuyCredits(): ActionState<CreditPurchase> & {
  buy: (input: BuyCreditsInput, options?: CheckoutOptions) => Promise<CreditPurchase | undefined>;
} {
  const { client, navigate } = useTollgate();
  const { run, ...state } = useAction(async (input: BuyCreditsInput, options?: CheckoutOptions) => {
    const purchase = await client.buyCredits(input);
    if (options?.redirect !== false) navigate(purchase.url);
    return purchase;
  });
  return { ...state, buy: run };
}

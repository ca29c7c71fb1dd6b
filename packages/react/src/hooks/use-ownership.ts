import type { Ownership, OwnershipQuery, PurchaseInput, PurchaseSession } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';
import type { CheckoutOptions } from './use-checkout.ts';
import { type ResourceState, useResource } from './use-resource.ts';

const keyOf = (q: OwnershipQuery) => ('product' in q ? `product:${q.product}` : `metadata:${q.metadataKey}=${q.metadataValue}`);

/**
 * Does the customer own a one-time product (`{ product }`) or an item the app
 * named in its purchase's metadata (`{ metadataKey: 'agent_id', metadataValue: id }`)?
 * Paid and not refunded, read from the engine's mirror. Refreshes after a
 * Checkout Session is synced (useCheckoutSync) and on `invalidate('purchases')`.
 */
export function useOwnership(query: OwnershipQuery): ResourceState<Ownership> {
  return useResource('purchases', keyOf(query), (client) => client.getOwnership(query));
}

/** Starts hosted Checkout for a one-time product of the config and, by default, redirects to it. */
export function usePurchase(): ActionState<PurchaseSession> & {
  purchase: (input: PurchaseInput, options?: CheckoutOptions) => Promise<PurchaseSession | undefined>;
} {
  const { client, navigate } = useTollgate();
  const { run, ...state } = useAction(async (input: PurchaseInput, options?: CheckoutOptions) => {
    const session = await client.createPurchaseSession(input);
    if (options?.redirect !== false) navigate(session.url);
    return session;
  });
  return { ...state, purchase: run };
}

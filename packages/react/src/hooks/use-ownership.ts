import type { Ownership, OwnershipQuery, PurchaseInput, PurchaseSession } from '../client/types.ts';
import type { ActionState } from './use-action.ts';
import { type RedirectAction, useRedirect } from './use-redirect.ts';
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
export function usePurchase(): ActionState<PurchaseSession> & { purchase: RedirectAction<PurchaseInput, PurchaseSession> } {
  const { run, ...state } = useRedirect((client, input: PurchaseInput) => client.createPurchaseSession(input));
  return { ...state, purchase: run };
}

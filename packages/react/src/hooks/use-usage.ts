import type { Entitlement, Usage } from '../client/types.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/** Every metered feature and gauge of the customer's plan: limit, used, remaining, resets_at. Refreshes after a consume. */
export function useUsage(): ResourceState<Usage> {
  return useResource('usage', '', (client) => client.getUsage());
}

/**
 * May the customer use `feature` (`amount` units, default 1) now? Works for
 * boolean features too. `data.allowed` is false with a `code` when not.
 * Refreshes after a consume or plan change.
 */
export function useEntitlement(feature: string, options: { amount?: number } = {}): ResourceState<Entitlement> {
  const { amount } = options;
  return useResource('usage', `${feature}:${amount ?? ''}`, (client) => client.check(feature, amount));
}

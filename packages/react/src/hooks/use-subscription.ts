import type { Subscription } from '../client/types.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/** The customer's current subscription; `data` is null on the free/default plan. */
export function useSubscription(): ResourceState<Subscription | null> {
  return useResource('subscription', '', (client) => client.getSubscription());
}

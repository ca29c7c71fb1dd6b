import type { PlanCatalogue } from '../client/types.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/**
 * The plans on offer, read from the engine (`GET plans`, public: no token is
 * asked for). Read once per mount; the catalogue changes only when the
 * engine's config does.
 */
export function usePlans(): ResourceState<PlanCatalogue> {
  return useResource('plans', 'plans', (client) => client.listPlans());
}

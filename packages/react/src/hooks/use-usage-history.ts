import type { UsageHistory } from '../client/types.ts';
import { type ResourceState, useResource } from './use-resource.ts';

/** A metered feature's usage per UTC day over the last `days` days (default 30), today last. Refreshes after a consume. */
export function useUsageHistory(feature: string, options: { days?: number } = {}): ResourceState<UsageHistory> {
  const { days } = options;
  return useResource('usage', `history:${feature}:${days ?? ''}`, (client) => client.getUsageHistory(feature, days));
}

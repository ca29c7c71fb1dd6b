import type { ConsumeResult } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';

export interface ConsumeOptions {
  amount?: number;
  /** Deduplicates retries: a repeat returns the original record. */
  idempotencyKey?: string;
  properties?: Record<string, unknown>;
}

/**
 * Checks and records usage of `feature` in one atomic step. A refusal
 * (`limit_reached`, `feature_not_in_plan`...) resolves undefined and sets
 * `error` (its `details.resets_at` says when a limit resets). Usage readers
 * in the tree refresh after every attempt.
 */
export function useConsume(feature: string): ActionState<ConsumeResult> & { consume: (options?: ConsumeOptions) => Promise<ConsumeResult | undefined> } {
  const { client, invalidate } = useTollgate();
  const { run, ...state } = useAction(async (options?: ConsumeOptions) => {
    try {
      return await client.consume({
        // Absent options stay absent: JSON leaves out undefined fields.
        feature,
        amount: options?.amount,
        idempotency_key: options?.idempotencyKey,
        properties: options?.properties,
      });
    } finally {
      invalidate('usage');
    }
  });
  return { ...state, consume: run };
}

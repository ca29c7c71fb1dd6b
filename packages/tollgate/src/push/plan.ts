import type { Deps } from '../lib/deps.ts';
import { readStripeState } from './current.ts';
import { desiredState } from './desired.ts';
import { diffState } from './diff.ts';
import type { PushPlan } from './types.ts';

/**
 * Compares the config with Stripe and returns what `applyPush` would do.
 * Reads only; an empty `steps` means Stripe already matches the config.
 */
export async function planPush(deps: Pick<Deps, 'config' | 'stripe' | 'ids'>): Promise<PushPlan> {
  const desired = desiredState(deps.config);
  const current = await readStripeState(deps.stripe);
  return { id: deps.ids.next('push'), currency: desired.currency, steps: diffState(desired, current) };
}

import type { Deps } from '../lib/deps.ts';
import { readStripeState } from './current.ts';
import { desiredState } from './desired.ts';
import { diffState } from './diff.ts';
import type { PushPlan } from './types.ts';
import { versionRefusals } from './versions.ts';

/**
 * Compares the config with Stripe and returns what `applyPush` would do.
 * Reads only; an empty `steps` means Stripe already matches the config.
 */
export async function planPush(deps: Pick<Deps, 'config' | 'stripe' | 'ids'>): Promise<PushPlan> {
  const desired = desiredState(deps.config);
  const current = await readStripeState(deps.stripe);
  const refused = versionRefusals(deps.config, desired, current.prices);
  if (refused.length > 0) return { id: deps.ids.next('push'), currency: desired.currency, steps: [], refused };
  return { id: deps.ids.next('push'), currency: desired.currency, steps: diffState(desired, current) };
}

import type { Deps } from '../../core/lib/deps.ts';
import { diffCoupons, readCouponState } from './coupons.ts';
import { readStripeState } from './current.ts';
import { desiredState } from './desired.ts';
import { diffState } from './diff.ts';
import type { PushPlan } from './types.ts';
import { versionRefusals } from './versions.ts';

/**
 * Compares the config with Stripe and returns what `applyPush` would do.
 * Reads only; an empty `steps` means Stripe already matches the config.
 */
export async function planPush(deps: Pick<Deps, 'config' | 'stripe' | 'ids' | 'clock'>): Promise<PushPlan> {
  const desired = desiredState(deps.config);
  const [current, coupons] = await Promise.all([readStripeState(deps.stripe), readCouponState(deps.stripe)]);
  const refused = versionRefusals(deps.config, desired, current.prices);
  if (refused.length > 0) return { id: deps.ids.next('push'), currency: desired.currency, steps: [], refused };
  const steps = [...diffState(desired, current), ...diffCoupons(deps.config, coupons, deps.clock.now())];
  return { id: deps.ids.next('push'), currency: desired.currency, steps };
}

import { check } from '../entitlements/check.ts';
import type { Entitlement } from '../entitlements/feature-plan.ts';
import type { Deps } from '../lib/deps.ts';
import { ok, type Result } from '../lib/result.ts';

/**
 * Where the customer stands on every metered feature and gauge of the config
 * (what a usage meter shows): `check` with amount 0 per feature, from the
 * local database only.
 */
export async function usageSummary(deps: Deps, input: { customer: string }): Promise<Result<{ plan: string | null; features: Entitlement[] }>> {
  const features: Entitlement[] = [];
  for (const [feature, definition] of Object.entries(deps.config.features)) {
    if (definition.type === 'boolean') continue;
    const checked = await check(deps, { customer: input.customer, feature, amount: 0 });
    if (!checked.ok) return checked;
    features.push(checked.value);
  }
  return ok({ plan: features[0]?.plan ?? null, features });
}

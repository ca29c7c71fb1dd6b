import { createHash } from 'node:crypto';
import type { PlanDefinition, TollgateConfig } from './types.ts';

/**
 * Plan versions. A plan's top-level prices and features are its current
 * version (`version`, default 1), the one new checkouts get; `versions`
 * keeps earlier ones while subscribers are on them (grandfathering). Each
 * version has its own Stripe prices (lookup keys per version, see
 * stripe-keys.ts), so a subscription's price says which version it is on,
 * and the entitlements follow that version's limits.
 */

/** The version new checkouts get. */
export function currentVersion(plan: PlanDefinition): number {
  return plan.version ?? 1;
}

/** A plan that declares `version`: its pushed versions never change (push refuses). */
export function isVersioned(plan: PlanDefinition): boolean {
  return plan.version !== undefined;
}

/** Whether the config still describes this version of the plan. */
export function hasVersion(plan: PlanDefinition, version: number): boolean {
  return version === currentVersion(plan) || Object.hasOwn(plan.versions ?? {}, String(version));
}

/**
 * The plan as it is at `version`: the version's prices and features over the
 * plan. A version the config no longer describes (or none) is the current one.
 */
export function planAtVersion(plan: PlanDefinition, version: number | null | undefined): PlanDefinition {
  if (version === null || version === undefined || version === currentVersion(plan)) return plan;
  const old = plan.versions?.[String(version)];
  if (!old) return plan;
  const { prices, features } = old;
  const { prices: _current, ...rest } = plan;
  return prices === undefined ? { ...rest, features } : { ...rest, prices, features };
}

/** Every version the config describes, oldest first. */
export function planVersions(plan: PlanDefinition): { version: number; plan: PlanDefinition }[] {
  const numbers = new Set([currentVersion(plan), ...Object.keys(plan.versions ?? {}).map(Number)]);
  return [...numbers].sort((a, b) => a - b).map((version) => ({ version, plan: planAtVersion(plan, version) }));
}

/** A short digest of a version's limits, kept on its Stripe prices so push notices a change. */
export function limitsDigest(plan: PlanDefinition): string {
  const sorted = Object.keys(plan.features)
    .sort()
    .map((k) => [k, plan.features[k]]);
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/** Problems with a plan's versions, as [path, message] (validate.ts words them). */
export function versionProblems(config: TollgateConfig, planKey: string): [(string | number)[], string][] {
  const plan = config.plans[planKey];
  if (!plan?.versions) return [];
  const problems: [(string | number)[], string][] = [];
  const path = ['plans', planKey, 'versions'];
  if (plan.version === undefined) problems.push([['plans', planKey, 'version'], 'a plan with earlier versions says which version is current (version: n)']);
  if (plan.custom) problems.push([path, 'a custom plan has no prices to version']);
  for (const [key, old] of Object.entries(plan.versions)) {
    if (Number(key) >= currentVersion(plan)) problems.push([[...path, key], `an earlier version must be below the current version (${currentVersion(plan)})`]);
    if (!old.prices && plan.prices) problems.push([[...path, key, 'prices'], 'an earlier version of a paid plan has prices']);
    for (const [feature, grant] of Object.entries(old.features)) {
      const def = config.features[feature];
      const where = [...path, key, 'features', feature];
      if (!def) problems.push([where, `unknown feature "${feature}" (declare it under features)`]);
      else if ((def.type === 'boolean') !== (typeof grant === 'boolean')) problems.push([where, `does not fit the ${def.type} feature "${feature}"`]);
      else if (typeof grant === 'object' && grant.overage && def.type !== 'metered')
        problems.push([[...where, 'overage'], 'overage is only for metered features']);
    }
  }
  return problems;
}

import type { TollgateConfig } from './types.ts';

type Problem = [path: (string | number)[], message: string];

/** The credit system whose balance pays for `feature`, if one prices it. */
export function creditPricedFeature(config: TollgateConfig, feature: string): string | null {
  for (const [key, system] of Object.entries(config.credits ?? {})) if (Object.hasOwn(system.costs, feature)) return key;
  return null;
}

/** Cross-field rules of credit systems, plan credit grants, spend caps and alerts (shapes are checked by the schema). */
export function creditConfigProblems(config: TollgateConfig): Problem[] {
  const problems: Problem[] = [];
  const systems = config.credits ?? {};
  const pricedBy = new Map<string, string>();
  for (const [key, system] of Object.entries(systems)) {
    if (key === 'overage') problems.push([['credits', key], '"overage" names the spend cap on metered overage: choose another key']);
    for (const [feature, cost] of Object.entries(system.costs)) {
      const where = ['credits', key, 'costs', feature];
      const def = config.features[feature];
      if (!def) problems.push([where, `unknown feature "${feature}" (declare it under features)`]);
      else if (def.type !== 'metered') problems.push([where, `"${feature}" is a ${def.type} feature: only metered features are priced in credits`]);
      if (cost === 0) problems.push([where, 'a cost must be above 0 credits']);
      const other = pricedBy.get(feature);
      if (other) problems.push([where, `"${feature}" is already priced in "${other}": one credit system per feature`]);
      pricedBy.set(feature, key);
    }
    for (const [pack, def] of Object.entries(system.packs ?? {})) {
      if (def.credits === 0) problems.push([['credits', key, 'packs', pack, 'credits'], 'a pack grants more than 0 credits']);
    }
    if (system.autoTopUp && !Object.hasOwn(system.packs ?? {}, system.autoTopUp.pack)) {
      problems.push([['credits', key, 'autoTopUp', 'pack'], `unknown pack "${system.autoTopUp.pack}" (declare it under credits.${key}.packs)`]);
    }
    const custom = system.customAmount;
    if (custom && custom.min > custom.max) problems.push([['credits', key, 'customAmount'], 'min must not be above max']);
    if (custom && custom.credits === 0) problems.push([['credits', key, 'customAmount', 'credits'], 'must be above 0 credits']);
  }
  for (const [planKey, plan] of Object.entries(config.plans)) {
    for (const system of Object.keys(plan.credits ?? {})) {
      if (!Object.hasOwn(systems, system))
        problems.push([['plans', planKey, 'credits', system], `unknown credit system "${system}" (declare it under credits)`]);
    }
    for (const [scope, cap] of Object.entries(plan.spendCaps ?? {})) {
      const where = ['plans', planKey, 'spendCaps', scope];
      if (scope === 'overage') {
        if (!Number.isSafeInteger(cap)) problems.push([where, 'the overage cap is an integer amount in minor units']);
      } else if (!Object.hasOwn(systems, scope)) {
        problems.push([where, `unknown scope "${scope}": "overage" or a credit system's key`]);
      }
    }
  }
  return problems;
}

import type { FeatureDefinition, Overage, PlanDefinition } from '../../core/config/types.ts';

/** What one plan grants for one feature, normalised. */
export type Grant =
  | { kind: 'none' }
  | { kind: 'boolean' }
  | { kind: 'unlimited' }
  /** `included` units per window (metered) or a cap (gauge); overage makes the limit soft. */
  | { kind: 'limited'; included: number; overage: Overage | null };

export function grantOf(plan: PlanDefinition | null, feature: FeatureDefinition, featureKey: string): Grant {
  const g = plan?.features[featureKey];
  if (g === undefined || g === false) return { kind: 'none' };
  if (feature.type === 'boolean') return g === true ? { kind: 'boolean' } : { kind: 'none' };
  if (g === true || g === 'unlimited') return { kind: 'unlimited' };
  if (typeof g === 'number') return { kind: 'limited', included: g, overage: null };
  return { kind: 'limited', included: g.included, overage: feature.type === 'metered' ? (g.overage ?? null) : null };
}

/** True when the grant lets the customer use the feature at all. */
export function grants(grant: Grant): boolean {
  return grant.kind !== 'none';
}

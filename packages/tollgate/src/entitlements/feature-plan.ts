import type { FeatureDefinition, TollgateConfig } from '../config/types.ts';
import { type AppError, appError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { CustomerContext } from './customer-context.ts';
import { type Grant, grantOf } from './grant.ts';
import { type PlanResolution, resolvePlan } from './resolve-plan.ts';
import { type UsageWindow, windowFor } from './windows.ts';

/** Everything the config and the customer's state say about one feature, at one instant. */
export interface FeaturePlan {
  feature: string;
  definition: FeatureDefinition;
  resolution: PlanResolution;
  grant: Grant;
  /** What the subscribed plan would grant, when a degraded status made another plan apply. */
  subscribedGrant: Grant | null;
  /** The counter window holding `at` (metered features only). */
  window: UsageWindow | null;
}

export function featurePlan(
  config: TollgateConfig,
  feature: string,
  context: CustomerContext,
  now: Date,
  at: Date = now,
): Result<FeaturePlan, AppError> {
  const definition = config.features[feature];
  if (!definition) return err(appError('feature_not_found', `No feature "${feature}" in the config.`, 'feature'));
  const resolution = resolvePlan(config, context.subscription, now);
  const grant = grantOf(resolution.plan, definition, feature);
  const subscribedPlan = resolution.subscribedPlanKey && resolution.subscribedPlanKey !== resolution.planKey
    ? config.plans[resolution.subscribedPlanKey] ?? null
    : null;
  const window =
    definition.type === 'metered'
      ? windowFor(definition.reset, at, definition.timeZone === 'customer' ? context.timeZone : 'UTC', resolution.period)
      : null;
  return ok({
    feature,
    definition,
    resolution,
    grant,
    subscribedGrant: subscribedPlan ? grantOf(subscribedPlan, definition, feature) : null,
    window,
  });
}

export type RefusalCode = 'limit_reached' | 'feature_not_in_plan' | 'subscription_inactive' | 'feature_not_found';

/** The answer to "may this customer use `amount` more of this feature now?" */
export interface Entitlement {
  allowed: boolean;
  code?: RefusalCode;
  feature: string;
  type: FeatureDefinition['type'] | null;
  /** The plan whose entitlements apply. */
  plan: string | null;
  /** Included amount per window (metered) or cap (gauge); null when unlimited or boolean. */
  limit: number | null;
  used: number;
  /** Left before the limit; null when unlimited or boolean. */
  remaining: number | null;
  /** When the metered window resets (ISO); null for gauges and booleans. */
  resetsAt: string | null;
  unlimited: boolean;
  /** The plan bills usage beyond `limit` (a soft limit). */
  overage: boolean;
  /** Units beyond `limit` in this window, billed through the meter. */
  overageUsed: number;
}

/** The decision, given the usage so far (`used`, `billable`) and the amount asked for. */
export function decide(fp: FeaturePlan, used: number, billable: number, amount: number): Entitlement {
  const base = {
    feature: fp.feature,
    type: fp.definition.type,
    plan: fp.resolution.planKey,
    used,
    resetsAt: fp.window ? fp.window.end.toISOString() : null,
    overageUsed: billable,
  };
  const g = fp.grant;
  if (g.kind === 'none') {
    const inactive = fp.subscribedGrant !== null && fp.subscribedGrant.kind !== 'none';
    return {
      ...base,
      allowed: false,
      code: inactive ? 'subscription_inactive' : 'feature_not_in_plan',
      limit: 0,
      remaining: 0,
      unlimited: false,
      overage: false,
    };
  }
  if (g.kind === 'boolean' || g.kind === 'unlimited') {
    return { ...base, allowed: true, limit: null, remaining: null, unlimited: g.kind === 'unlimited', overage: false };
  }
  const remaining = Math.max(0, g.included - used);
  const soft = g.overage !== null;
  const allowed = used + amount <= g.included || soft;
  return {
    ...base,
    allowed,
    ...(allowed ? {} : { code: 'limit_reached' as const }),
    limit: g.included,
    remaining,
    unlimited: false,
    overage: soft,
  };
}

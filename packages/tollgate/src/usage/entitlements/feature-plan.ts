import { isTiered, type TierPosition, tierAt } from '../../core/config/tiers.ts';
import type { FeatureDefinition, PlanDefinition, TollgateConfig } from '../../core/config/types.ts';
import { planAtVersion } from '../../core/config/versions.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
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

export function featurePlan(config: TollgateConfig, feature: string, context: CustomerContext, now: Date, at: Date = now): Result<FeaturePlan, AppError> {
  const definition = config.features[feature];
  if (!definition) return err(appError('feature_not_found', `No feature "${feature}" in the config.`, 'feature'));
  const resolution = resolvePlan(config, context.subscription, now);
  const grant = grantOf(resolution.plan, definition, feature);
  const subscribedPlan =
    resolution.subscribedPlanKey && resolution.subscribedPlanKey !== resolution.planKey
      ? planAtVersionOrNull(config, resolution.subscribedPlanKey, context.subscription?.planVersion)
      : null;
  const window =
    definition.type === 'metered' ? windowFor(definition.reset, at, definition.timeZone === 'customer' ? context.timeZone : 'UTC', resolution.period) : null;
  return ok({
    feature,
    definition,
    resolution,
    grant,
    subscribedGrant: subscribedPlan ? grantOf(subscribedPlan, definition, feature) : null,
    window,
  });
}

function planAtVersionOrNull(config: TollgateConfig, planKey: string, version: number | null | undefined): PlanDefinition | null {
  const plan = config.plans[planKey];
  return plan ? planAtVersion(plan, version) : null;
}

export type RefusalCode =
  'limit_reached' | 'feature_not_in_plan' | 'subscription_inactive' | 'feature_not_found' | 'insufficient_credits' | 'spend_cap_reached';

/** Where a feature priced in credits stands (credits as numbers; the balance is exact to a millionth). */
export interface CreditStanding {
  system: string;
  /** Available credits (below zero within an overdraft). */
  balance: number;
  /** What the amount asked for costs. */
  cost: number;
  /** Credits burned in the billing period. */
  spent: number;
  /** The spend cap for the period, credits; null when none. */
  cap: number | null;
}

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
  /** Features priced in credits only: the balance they are paid from. */
  credits?: CreditStanding;
  /** Tiered overage only: the tier the window's overage units are priced at now. */
  tier?: TierPosition;
}

/**
 * The decision, given the usage so far (`used`, `billable`) and the amount
 * asked for. Every answer is built whole, with its fields in one order (no
 * spreads): this runs on every check, and one shape keeps it cheap.
 */
export function decide(fp: FeaturePlan, used: number, billable: number, amount: number): Entitlement {
  const resetsAt = fp.window ? fp.window.end.toISOString() : null;
  const type = fp.definition.type;
  const plan = fp.resolution.planKey;
  const g = fp.grant;
  if (g.kind === 'none') {
    const inactive = fp.subscribedGrant !== null && fp.subscribedGrant.kind !== 'none';
    const code: RefusalCode = inactive ? 'subscription_inactive' : 'feature_not_in_plan';
    return entitlement(false, code, fp.feature, type, plan, 0, used, 0, resetsAt, false, false, billable);
  }
  if (g.kind === 'boolean' || g.kind === 'unlimited') {
    return entitlement(true, undefined, fp.feature, type, plan, null, used, null, resetsAt, g.kind === 'unlimited', false, billable);
  }
  const soft = g.overage !== null;
  const allowed = used + amount <= g.included || soft;
  const remaining = Math.max(0, g.included - used);
  const answer = entitlement(
    allowed,
    allowed ? undefined : 'limit_reached',
    fp.feature,
    type,
    plan,
    g.included,
    used,
    remaining,
    resetsAt,
    false,
    soft,
    billable,
  );
  if (isTiered(g.overage)) answer.tier = tierAt(g.overage, billable);
  return answer;
}

/**
 * A consume's answer: the entitlement with the event it recorded, set on the
 * fresh answer (a literal opening with a spread, `{ ...answer, event }`, is
 * many times slower to build in V8, and this runs once per consume).
 */
export function withEvent<E>(answer: Entitlement, event: E): Entitlement & { event: E } {
  const out = answer as Entitlement & { event: E };
  out.event = event;
  return out;
}

/** An answer no counter gives (an unknown feature; a feature priced in credits): no limit, nothing used, no window. */
export function uncounted(
  allowed: boolean,
  code: RefusalCode | undefined,
  feature: string,
  type: FeatureDefinition['type'] | null,
  plan: string | null,
): Entitlement {
  return entitlement(allowed, code, feature, type, plan, null, 0, null, null, false, false, 0);
}

function entitlement(
  allowed: boolean,
  code: RefusalCode | undefined,
  feature: string,
  type: FeatureDefinition['type'] | null,
  plan: string | null,
  limit: number | null,
  used: number,
  remaining: number | null,
  resetsAt: string | null,
  unlimited: boolean,
  overage: boolean,
  overageUsed: number,
): Entitlement {
  // `code` is present only on a refusal (callers and the HTTP answer test for the key).
  if (code === undefined) return { allowed, feature, type, plan, limit, used, remaining, resetsAt, unlimited, overage, overageUsed };
  return { allowed, code, feature, type, plan, limit, used, remaining, resetsAt, unlimited, overage, overageUsed };
}

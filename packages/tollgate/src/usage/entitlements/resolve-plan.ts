import type { PlanDefinition, TollgateConfig } from '../../core/config/types.ts';
import { planAtVersion } from '../../core/config/versions.ts';
import type { Period } from './windows.ts';

/** What the entitlements need to know about a customer's subscription. */
export interface SubscriptionState {
  planKey: string | null;
  /** The plan version the subscription's price belongs to (config/versions.ts); absent or null: the current one. */
  planVersion?: number | null;
  /** Stripe's status: active, trialing, past_due, canceled, unpaid, incomplete... */
  status: string;
  currentPeriodStart?: Date | null;
  currentPeriodEnd?: Date | null;
  /**
   * When the subscription entered past_due (the mirror's `past_due_since`).
   * When unknown (rows already past due when migration 0007 added the column,
   * with no failed invoice to date them), the current period's start (the
   * failed renewal) stands in.
   */
  pastDueSince?: Date | null;
}

export type PlanReason = 'active' | 'trialing' | 'past_due_grace' | 'past_due_expired' | 'inactive' | 'no_subscription' | 'unknown_plan';

export interface PlanResolution {
  /** The plan whose entitlements apply, or null when the config has no default plan. */
  planKey: string | null;
  plan: PlanDefinition | null;
  /** The plan the customer subscribed to, when it is not the one that applies. */
  subscribedPlanKey: string | null;
  reason: PlanReason;
  /** The subscription's current period, for `billing_period` windows (only while its plan applies). */
  period: Period | null;
}

const DAY_MS = 86_400_000;
const DEFAULT_GRACE_DAYS = 7;

export function defaultPlanKey(config: TollgateConfig): string | null {
  for (const [key, plan] of Object.entries(config.plans)) if (plan.default) return key;
  return null;
}

function fallback(config: TollgateConfig, subscribedPlanKey: string | null, reason: PlanReason): PlanResolution {
  const key = defaultPlanKey(config);
  return { planKey: key, plan: key ? (config.plans[key] ?? null) : null, subscribedPlanKey, reason, period: null };
}

/** The subscribed plan applies. */
function kept(planKey: string, plan: PlanDefinition, reason: PlanReason, period: Period | null): PlanResolution {
  return { planKey, plan, subscribedPlanKey: planKey, reason, period };
}

/**
 * The status policy. `active` and `trialing` keep the plan; `past_due` keeps
 * it for `entitlements.pastDueGraceDays` (default 7) counted from when it went
 * past due (`pastDueSince`), then falls back;
 * `canceled`, `unpaid`, `incomplete`, `paused`, no subscription or a plan the
 * config no longer has fall back to the default (free) plan.
 */
export function resolvePlan(config: TollgateConfig, subscription: SubscriptionState | null, now: Date): PlanResolution {
  if (!subscription) return fallback(config, null, 'no_subscription');
  const { planKey, status } = subscription;
  const latest = planKey && Object.hasOwn(config.plans, planKey) ? config.plans[planKey] : undefined;
  if (!planKey || !latest) return fallback(config, planKey, 'unknown_plan');
  // Grandfathered subscribers keep their version's limits.
  const plan = planAtVersion(latest, subscription.planVersion);
  const period =
    subscription.currentPeriodStart && subscription.currentPeriodEnd ? { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd } : null;
  if (status === 'active') return kept(planKey, plan, 'active', period);
  if (status === 'trialing') return kept(planKey, plan, 'trialing', period);
  if (status === 'past_due') {
    const graceDays = config.entitlements?.pastDueGraceDays ?? DEFAULT_GRACE_DAYS;
    const since = subscription.pastDueSince ?? subscription.currentPeriodStart ?? null;
    if (since && now.getTime() < since.getTime() + graceDays * DAY_MS) return kept(planKey, plan, 'past_due_grace', period);
    return fallback(config, planKey, 'past_due_expired');
  }
  return fallback(config, planKey, 'inactive');
}

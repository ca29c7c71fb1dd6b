import { and, desc, eq, inArray } from 'drizzle-orm';
import { subscriptionSchedules } from '../../core/db/schema/subscription-schedules.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { defaultPlanKey } from '../../usage/entitlements/resolve-plan.ts';

/** A change already decided for a subscription's future: another plan at a phase's end, or its end (the default plan then). */
export type ScheduledChange = {
  kind: 'plan_change' | 'cancel';
  /** The plan the customer is on after it: for a cancel, the config's default (free) plan, or null without one. */
  planKey: string | null;
  interval: string | null;
  quantity: number | null;
  /** When it takes effect. */
  at: Date;
  /** The subscription schedule that carries a plan change; null for a cancel at period end. */
  scheduleId: string | null;
};

interface SubscriptionFacts {
  id: string;
  planKey: string | null;
  interval: string | null;
  quantity: number | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
}

/**
 * What is scheduled for the subscription, read from the mirror: a cancel at
 * period end (or at a date), else the next phase of its open subscription
 * schedule when that phase moves it to another plan, interval or quantity
 * (a downgrade at period end). Null when nothing is scheduled.
 */
export async function scheduledChangeOf(deps: Pick<Deps, 'db' | 'config'>, sub: SubscriptionFacts): Promise<ScheduledChange | null> {
  const cancelAt = sub.cancelAt ?? (sub.cancelAtPeriodEnd ? sub.currentPeriodEnd : null);
  const free = { kind: 'cancel' as const, planKey: defaultPlanKey(deps.config), interval: null, quantity: null, scheduleId: null };
  if (cancelAt) return { ...free, at: cancelAt };

  const [schedule] = await deps.db
    .select()
    .from(subscriptionSchedules)
    .where(and(eq(subscriptionSchedules.subscriptionId, sub.id), inArray(subscriptionSchedules.status, ['not_started', 'active'])))
    .orderBy(desc(subscriptionSchedules.stripeCreated), desc(subscriptionSchedules.id))
    .limit(1);
  if (!schedule) return null;
  if (schedule.nextItems.length === 0 || !schedule.nextStartsAt) {
    // The last phase, ending the subscription with it.
    return schedule.endBehavior === 'cancel' && schedule.currentPhaseEnd ? { ...free, at: schedule.currentPhaseEnd, scheduleId: schedule.id } : null;
  }
  const next = { planKey: schedule.nextPlanKey, interval: schedule.nextInterval, quantity: schedule.nextQuantity };
  if (next.planKey === sub.planKey && next.interval === sub.interval && next.quantity === sub.quantity) return null;
  return { kind: 'plan_change', ...next, at: schedule.nextStartsAt, scheduleId: schedule.id };
}

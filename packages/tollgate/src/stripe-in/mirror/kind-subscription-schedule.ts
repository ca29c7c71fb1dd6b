import { inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { type ScheduledItem, subscriptionSchedules } from '../../core/db/schema/subscription-schedules.ts';
import { prices } from '../../core/db/schema/prices.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { dateOf, idOf, metadataOf, mirrorColumns, planKeyOfPrice } from './fields.ts';
import { type Gone, isGone, retrieveOrGone } from './kind.ts';
import { rowById, tableKind } from './upsert.ts';

export type SubscriptionScheduleRow = typeof subscriptionSchedules.$inferSelect;
const ENDED = new Set(['completed', 'released', 'canceled']);

/** The phase after the current one (the first phase when the schedule has not started); null when there is none. */
export function nextPhase(schedule: Stripe.SubscriptionSchedule): Stripe.SubscriptionSchedule.Phase | null {
  if (ENDED.has(schedule.status)) return null;
  const current = schedule.current_phase;
  if (!current) return schedule.phases[0] ?? null;
  return schedule.phases.find((p) => p.start_date >= current.end_date) ?? null;
}

function itemsOf(phase: Stripe.SubscriptionSchedule.Phase | null): ScheduledItem[] {
  return (phase?.items ?? []).map((item) => ({ price: idOf(item.price) ?? '', quantity: item.quantity ?? null })).filter((i) => i.price !== '');
}

interface NextPlan {
  nextPlanKey: string | null;
  nextInterval: string | null;
  nextQuantity: number | null;
}

/**
 * The plan the next phase moves to: its licensed item whose price names a
 * Tollgate plan, from the prices mirror, else from Stripe (a price the mirror
 * has not seen yet).
 */
async function nextPlanOf(deps: Deps, items: ScheduledItem[]): Promise<NextPlan> {
  const none = { nextPlanKey: null, nextInterval: null, nextQuantity: null };
  if (items.length === 0) return none;
  const known = await deps.db
    .select({ id: prices.id, planKey: prices.planKey, interval: prices.interval, usageType: prices.usageType })
    .from(prices)
    .where(
      inArray(
        prices.id,
        items.map((i) => i.price),
      ),
    );
  for (const item of items) {
    const mirrored = known.find((p) => p.id === item.price);
    const price = mirrored
      ? mirrored
      : await deps.stripe.prices
          .retrieve(item.price)
          .then((p) => ({ planKey: planKeyOfPrice(p), interval: p.recurring?.interval ?? null, usageType: p.recurring?.usage_type ?? null }));
    if (price.planKey && price.usageType === 'licensed') return { nextPlanKey: price.planKey, nextInterval: price.interval, nextQuantity: item.quantity };
  }
  return none;
}

function endedAt(schedule: Stripe.SubscriptionSchedule): number | null {
  return schedule.released_at ?? schedule.canceled_at ?? schedule.completed_at ?? null;
}

/**
 * Subscription schedules: what a subscription changes to at a phase's end (a
 * downgrade at period end). `subscription_schedule.*` events and the
 * commands' responses come here through `applyStripeObject`.
 */
export const subscriptionScheduleKind = tableKind<Stripe.SubscriptionSchedule, SubscriptionScheduleRow>(rowById(subscriptionSchedules), {
  name: 'subscription_schedule',
  async toRow(deps, object: Stripe.SubscriptionSchedule | Gone, prev) {
    const now = deps.clock.now();
    if (isGone(object))
      return prev
        ? { ...prev, status: 'canceled', nextItems: [], nextPlanKey: null, nextInterval: null, nextQuantity: null, nextStartsAt: null, updatedAt: now }
        : null;
    const schedule = object;
    const next = nextPhase(schedule);
    const nextItems = itemsOf(next);
    return {
      id: schedule.id,
      stripeCustomerId: idOf(schedule.customer),
      subscriptionId: idOf(schedule.subscription),
      status: schedule.status,
      endBehavior: schedule.end_behavior,
      currentPhaseEnd: dateOf(schedule.current_phase?.end_date),
      nextItems,
      ...(await nextPlanOf(deps, nextItems)),
      nextStartsAt: dateOf(next?.start_date),
      endedAt: dateOf(endedAt(schedule)),
      metadata: metadataOf(schedule.metadata),
      ...mirrorColumns(schedule, prev, now),
    };
  },
  // An ended schedule never steers its subscription again.
  rank: (row) => (ENDED.has(row.status) ? 1 : 0),
  retrieve: (stripe, id) => retrieveOrGone('subscription_schedule', id, () => stripe.subscriptionSchedules.retrieve(id)),
});

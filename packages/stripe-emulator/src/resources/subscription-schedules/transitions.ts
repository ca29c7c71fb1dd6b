import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { cancelSubscription } from '../subscriptions/cancel.ts';
import { idOf } from '../subscriptions/items.ts';
import { applyPhase } from './apply.ts';
import { assertOpen, getSchedule, linkSubscription, saveSchedule, startSchedule } from './schedules.ts';

type Schedule = Stripe.SubscriptionSchedule;

/** Phase changes run after cancellations and trial notices (order 0) and before renewals (order 1), so a renewal at the boundary bills the new phase. */
const PHASE_ORDER = 0.5;

function liveSubscription(em: Emulator, schedule: Schedule): Stripe.Subscription | null {
  const id = idOf(schedule.subscription);
  const sub = id ? em.db.subscriptions.get(id) : undefined;
  return sub && sub.status !== 'canceled' && sub.status !== 'incomplete_expired' ? sub : null;
}

/** Stops the schedule and leaves its subscription running as it is (`subscription_schedule.released`). */
export function releaseSchedule(em: Emulator, id: string, at = em.timeFor(getSchedule(em, id).test_clock)): Schedule {
  const before = getSchedule(em, id);
  assertOpen(before, 'release');
  const subscription = idOf(before.subscription);
  if (subscription) linkSubscription(em, subscription, null, at);
  const after: Schedule = { ...before, status: 'released', released_at: at, released_subscription: subscription, subscription: null, current_phase: null };
  return saveSchedule(em, before, after, 'subscription_schedule.released', at);
}

/** Cancels the schedule and its subscription now (`subscription_schedule.canceled`). */
export function cancelSchedule(em: Emulator, id: string, input: { invoice_now?: boolean; prorate?: boolean }): Schedule {
  const before = getSchedule(em, id);
  assertOpen(before, 'cancel');
  const at = em.timeFor(before.test_clock);
  const sub = liveSubscription(em, before);
  if (sub) cancelSubscription(em, sub.id, { invoice_now: input.invoice_now ?? true, prorate: input.prorate ?? true }, 'cancellation_requested', at);
  return saveSchedule(em, before, { ...before, status: 'canceled', canceled_at: at, current_phase: null }, 'subscription_schedule.canceled', at);
}

/** The last phase is over: release the subscription, or cancel it and complete the schedule. */
function endSchedule(em: Emulator, before: Schedule, at: number): void {
  if (before.end_behavior !== 'cancel') {
    releaseSchedule(em, before.id, at);
    return;
  }
  const sub = liveSubscription(em, before);
  if (sub) {
    const metered = sub.items.data.some((item) => item.price.recurring?.usage_type === 'metered');
    cancelSubscription(em, sub.id, { invoice_now: metered }, 'cancellation_requested', at);
  }
  saveSchedule(em, before, { ...before, status: 'completed', completed_at: at, current_phase: null }, 'subscription_schedule.completed', at);
}

/** The current phase ended at `at`: enter the next one (its items and metadata apply to the subscription) or end. */
function advanceSchedule(em: Emulator, before: Schedule, at: number): void {
  const next = before.phases.find((phase) => phase.start_date === before.current_phase?.end_date);
  if (!next) {
    endSchedule(em, before, at);
    return;
  }
  const subscription = idOf(before.subscription);
  if (subscription) applyPhase(em, subscription, next, { entering: true, proration: next.proration_behavior });
  saveSchedule(em, before, { ...before, current_phase: { start_date: next.start_date, end_date: next.end_date } }, 'subscription_schedule.updated', at);
}

function scheduleTransition(em: Emulator, schedule: Schedule): { at: number; order: number; run: () => void } | null {
  if (schedule.status === 'not_started') {
    const at = schedule.phases[0]?.start_date;
    if (at === undefined) return null;
    return { at, order: PHASE_ORDER, run: () => void saveSchedule(em, schedule, startSchedule(em, schedule, at), 'subscription_schedule.updated', at) };
  }
  if (schedule.status !== 'active' || !schedule.current_phase) return null;
  const id = idOf(schedule.subscription);
  const sub = id ? em.db.subscriptions.get(id) : undefined;
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    // The subscription ended on its own: the schedule is canceled with it, `aborted` when unpaid invoices ended it (as Stripe does).
    const at = sub?.ended_at ?? schedule.current_phase.start_date;
    const type = sub?.cancellation_details?.reason === 'payment_failed' ? 'subscription_schedule.aborted' : 'subscription_schedule.canceled';
    return {
      at,
      order: PHASE_ORDER,
      run: () => void saveSchedule(em, schedule, { ...schedule, status: 'canceled', canceled_at: at, current_phase: null }, type, at),
    };
  }
  const at = schedule.current_phase.end_date;
  return { at, order: PHASE_ORDER, run: () => advanceSchedule(em, schedule, at) };
}

/** Adds schedules' phase changes to the time-driven transitions (test clocks and the real-time scheduler). */
export function registerScheduleTransitions(em: Emulator): void {
  em.hooks.dueTransitions.push((clock) => {
    const due: { at: number; order: number; run: () => void }[] = [];
    for (const schedule of em.db.subscriptionSchedules.values()) {
      if (idOf(schedule.test_clock) !== clock) continue;
      const transition = scheduleTransition(em, schedule);
      if (transition) due.push(transition);
    }
    return due;
  });
}

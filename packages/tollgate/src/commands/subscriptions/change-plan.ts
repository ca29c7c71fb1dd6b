import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription, releaseSchedule } from './load.ts';
import { appliedOrPending, PAY_BEFORE_CHANGE } from './pending-payment.ts';
import { changePlanInput, type PlannedChange, planChange } from './plan-change.ts';

export interface ChangePlanOutput {
  subscription: SubscriptionRow;
  direction: PlannedChange['direction'];
  effective: PlannedChange['effective'];
  /** For a change at period end: when it happens, and the schedule that carries it. */
  effectiveAt: Date | null;
  scheduleId: string | null;
}

/**
 * Moves the customer's subscription to another plan or interval. Upgrades
 * happen now, prorated and invoiced at once, and only once that invoice is
 * paid: a failed payment answers `payment_failed` and leaves the current
 * plan; downgrades wait for the end of the paid period (a subscription
 * schedule with a second phase), so the customer keeps what they paid for.
 */
export const changePlan = operation(changePlanInput, async (deps: Deps, input): Promise<Result<ChangePlanOutput, AppError>> => {
  const live = await loadLiveSubscription(deps, input.customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  const change = await planChange(deps, subscription, input);
  if (!change.ok) return change;
  const c = change.value;
  const metadata = { ...subscription.metadata, [METADATA.plan]: c.planKey };

  if (c.effective === 'now') {
    await releaseSchedule(deps, subscription);
    // Paid before it applies: a failed payment leaves the current plan (pending-payment.ts).
    const updated = await deps.stripe.subscriptions.update(
      subscription.id,
      { items: c.items, proration_behavior: 'always_invoice', payment_behavior: PAY_BEFORE_CHANGE, metadata },
      { idempotencyKey: input.idempotencyKey ?? commandKey('change-plan', deps, subscription, c.items) },
    );
    const applied = await appliedOrPending(deps, updated, 'plan');
    if (!applied.ok) return applied;
    return ok({ subscription: applied.value, direction: c.direction, effective: 'now', effectiveAt: null, scheduleId: null });
  }

  const scheduleId = await scheduleAtPeriodEnd(deps, subscription, c, metadata, input.idempotencyKey);
  const fresh = await deps.stripe.subscriptions.retrieve(subscription.id);
  const periodEnd = subscription.items.data[0]?.current_period_end;
  return ok({
    subscription: await applyAndRead(deps, fresh),
    direction: c.direction,
    effective: 'period_end',
    effectiveAt: periodEnd === undefined ? null : new Date(periodEnd * 1000),
    scheduleId,
  });
});

/** Two phases: the current items until the period ends, then the new ones; the schedule then releases the subscription. */
async function scheduleAtPeriodEnd(
  deps: Deps,
  subscription: Stripe.Subscription,
  c: PlannedChange,
  metadata: Record<string, string>,
  idempotencyKey?: string,
): Promise<string> {
  const key = idempotencyKey ?? commandKey('downgrade', deps, subscription, c.nextItems);
  const existing = typeof subscription.schedule === 'string' ? subscription.schedule : subscription.schedule?.id;
  const schedule = existing
    ? await deps.stripe.subscriptionSchedules.retrieve(existing)
    : await deps.stripe.subscriptionSchedules.create({ from_subscription: subscription.id }, { idempotencyKey: `${key}-create` });
  const phase = schedule.current_phase ?? schedule.phases[0];
  const periodEnd = subscription.items.data[0]?.current_period_end;
  if (!phase || periodEnd === undefined) throw new Error(`subscription ${subscription.id} has no current phase or period`);
  const updated = await deps.stripe.subscriptionSchedules.update(
    schedule.id,
    {
      end_behavior: 'release',
      phases: [
        {
          items: subscription.items.data.map((i) =>
            i.price.recurring?.usage_type === 'metered' ? { price: i.price.id } : { price: i.price.id, quantity: i.quantity ?? 1 },
          ),
          start_date: phase.start_date,
          end_date: periodEnd,
        },
        { items: c.nextItems, proration_behavior: 'none', metadata, duration: { interval: c.interval, interval_count: 1 } },
      ],
    },
    { idempotencyKey: `${key}-update` },
  );
  // Road 1: the schedule reaches the mirror now, so the scheduled change reads at once (the webhook finds it applied).
  await applyStripeObject(deps, updated);
  return schedule.id;
}

import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { appId, seatCount } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { seatBoundsProblem } from '../../core/config/seat-sync.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription, planItemOf } from './load.ts';
import { appliedOrPending, PAY_BEFORE_CHANGE } from './pending-payment.ts';
import { currentPlanKey } from './plan-change.ts';

export const changeSeatsInput = z.object({ customer: appId(), seats: seatCount() });
export type ChangeSeatsInput = z.input<typeof changeSeatsInput>;

/**
 * Sets the number of seats of a per-seat subscription. More seats are
 * prorated and invoiced now, and apply once that invoice is paid
 * (`payment_failed` otherwise, the seats unchanged); fewer seats leave a
 * prorated credit for the next invoice.
 */
export const changeSeats = operation(changeSeatsInput, async (deps: Deps, { customer, seats }): Promise<Result<SubscriptionRow, AppError>> => {
  const live = await loadLiveSubscription(deps, customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  const planKey = currentPlanKey(subscription);
  const plan = planKey === null ? undefined : deps.config.plans[planKey];
  if (!plan?.perSeat) return err(appError('validation_failed', `the subscription's plan (${planKey ?? 'unknown'}) is not priced per seat`, 'seats'));
  const bounds = seatBoundsProblem(plan, seats);
  if (bounds) return err(bounds);
  const item = planItemOf(subscription);
  if (!item) throw new Error(`subscription ${subscription.id} has no items`);
  const current = item.quantity ?? 1;
  if (current === seats) return err(appError('nothing_to_change', `the subscription already has ${current} seats`, 'seats'));
  const items = [{ id: item.id, quantity: seats }];
  const more = seats > current;
  // More seats are paid before they apply (pending-payment.ts); fewer leave a credit.
  const updated = await deps.stripe.subscriptions.update(
    subscription.id,
    more ? { items, proration_behavior: 'always_invoice', payment_behavior: PAY_BEFORE_CHANGE } : { items, proration_behavior: 'create_prorations' },
    { idempotencyKey: commandKey('seats', deps, subscription, items) },
  );
  return more ? appliedOrPending(deps, updated, 'seats') : ok(await applyAndRead(deps, updated));
});

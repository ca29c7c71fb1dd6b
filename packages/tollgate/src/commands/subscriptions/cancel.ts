import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription, releaseSchedule } from './load.ts';

export const cancelSubscriptionInput = z.object({ customer: appId() });
export type CancelSubscriptionInput = z.input<typeof cancelSubscriptionInput>;

/**
 * Cancels the customer's subscription at the end of the period they paid for
 * (`cancel_at_period_end`). They keep the plan until then; `resumeSubscription`
 * undoes it. Calling it again changes nothing.
 */
export const cancelSubscription = operation(cancelSubscriptionInput, async (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> => {
  const live = await loadLiveSubscription(deps, input.customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  if (subscription.cancel_at_period_end) return ok(await applyAndRead(deps, subscription));
  await releaseSchedule(deps, subscription);
  const updated = await deps.stripe.subscriptions.update(
    subscription.id,
    { cancel_at_period_end: true },
    { idempotencyKey: commandKey('cancel', deps, subscription, null) },
  );
  return ok(await applyAndRead(deps, updated));
});

import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription } from './load.ts';

export const resumeSubscriptionInput = z.object({ customer: appId() });
export type ResumeSubscriptionInput = z.input<typeof resumeSubscriptionInput>;

/** Undoes a cancelation at period end: the subscription renews again. Calling it again changes nothing. */
export const resumeSubscription = operation(resumeSubscriptionInput, async (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> => {
  const live = await loadLiveSubscription(deps, input.customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  if (!subscription.cancel_at_period_end && subscription.cancel_at === null) return ok(await applyAndRead(deps, subscription));
  const updated = await deps.stripe.subscriptions.update(
    subscription.id,
    { cancel_at_period_end: false },
    { idempotencyKey: commandKey('resume', deps, subscription, null) },
  );
  return ok(await applyAndRead(deps, updated));
});

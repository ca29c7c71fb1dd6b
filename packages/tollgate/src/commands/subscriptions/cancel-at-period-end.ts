import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription } from './load.ts';

/**
 * The road of a cancel and of a resume: the customer's live subscription
 * gets `cancel_at_period_end` (true for `cancel`), with the command's
 * idempotency key and after `before` (a cancel releases a schedule first),
 * unless `holds` says it already stands so; the answer is the subscription
 * as mirrored either way.
 */
export async function setCancelAtPeriodEnd(
  deps: Deps,
  customer: string,
  command: 'cancel' | 'resume',
  holds: (subscription: Stripe.Subscription) => boolean,
  before?: (deps: Deps, subscription: Stripe.Subscription) => Promise<void>,
): Promise<Result<SubscriptionRow, AppError>> {
  const live = await loadLiveSubscription(deps, customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  if (holds(subscription)) return ok(await applyAndRead(deps, subscription));
  await before?.(deps, subscription);
  const updated = await deps.stripe.subscriptions.update(
    subscription.id,
    { cancel_at_period_end: command === 'cancel' },
    { idempotencyKey: commandKey(command, deps, subscription, null) },
  );
  return ok(await applyAndRead(deps, updated));
}

import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription } from './load.ts';

export const cancelSubscriptionNowInput = z.object({
  customer: appId(),
  /** Credit the unused part of the period (default false: Stripe's default). */
  prorate: z.boolean().optional(),
  /** Invoice pending usage and prorations now (default false). */
  invoiceNow: z.boolean().optional(),
});
export type CancelNowInput = z.input<typeof cancelSubscriptionNowInput>;

/**
 * Ends the subscription immediately; the customer falls back to the default plan.
 * A repeat within the replay window (a double click, a client's retry) answers the
 * subscription the first call ended, however the two calls interleave: both send
 * the same idempotency key, or the later one finds it already ended.
 */
export const cancelSubscriptionNow = operation(cancelSubscriptionNowInput, async (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> => {
  const live = await loadLiveSubscription(deps, input.customer, { orJustEnded: true });
  if (!live.ok) return live;
  const { subscription } = live.value;
  if (subscription.status === 'canceled') return ok(await applyAndRead(deps, subscription));
  const params = { prorate: input.prorate === true, invoice_now: input.invoiceNow === true };
  const canceled = await deps.stripe.subscriptions.cancel(subscription.id, params, {
    idempotencyKey: commandKey('cancel-now', deps, subscription, params),
  });
  return ok(await applyAndRead(deps, canceled));
});

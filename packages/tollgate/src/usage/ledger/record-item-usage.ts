import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { parseLookupKey } from '../../core/config/stripe-keys.ts';
import { findCustomer } from '../../commands/customers/find.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, idText, units } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, type Result } from '../../core/lib/result.ts';
import { type UsageEvent, usageIdempotencyKey } from './event.ts';
import { track } from './track.ts';

/** Stripe's removed `subscriptionItems.createUsageRecord(item, { quantity, timestamp, action })`, as the customer's usage. */
export const recordItemUsageInput = z.object({
  /** The app's id of the customer whose subscription holds the item. */
  customer: idText(),
  /** The metered subscription item (`si_...`) the legacy call named. */
  subscriptionItem: appId(),
  quantity: units(),
  /** Unix seconds, as the legacy call took them (default: now); at most 35 days old. */
  timestamp: z.number().int().min(1, { error: 'must be unix seconds (a positive integer).' }).optional(),
  /** Only `increment`: meters add usage up, there is no `set`. */
  action: z
    .string()
    .optional()
    .refine((action) => action === undefined || action === 'increment', {
      error: (issue) =>
        issue.input === 'set'
          ? 'action "set" has no replacement: Billing Meters only add usage up, so send the change as an increment.'
          : 'must be "increment".',
    }),
  idempotencyKey: usageIdempotencyKey().optional(),
});
export type RecordItemUsageInput = z.input<typeof recordItemUsageInput>;

/**
 * The replacement for Stripe's legacy usage records (removed from the API):
 * the item must be a metered item of the customer's own subscription (the
 * overage price `tollgate push` made for a plan's feature); the quantity is
 * tracked as that feature's usage, which counts against the plan's allowance
 * and reaches Stripe as meter events through the reporter. Another customer's
 * item answers `not_found`, exactly as an unknown one does.
 */
export const recordItemUsage = operation(recordItemUsageInput, async (deps: Deps, input): Promise<Result<UsageEvent, AppError>> => {
  const missing = err(appError('not_found', `no subscription item "${input.subscriptionItem}" for this customer`, 'subscriptionItem'));
  const customer = await findCustomer(deps, input.customer);
  if (!customer.ok) return missing;
  const [item] = await deps.db
    .select({ lookupKey: subscriptionItems.lookupKey, usageType: subscriptionItems.usageType })
    .from(subscriptionItems)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionItems.subscriptionId))
    .where(and(eq(subscriptionItems.id, input.subscriptionItem), eq(subscriptions.stripeCustomerId, customer.value.stripeCustomerId)));
  if (!item) return missing;
  const key = parseLookupKey(item.lookupKey);
  if (item.usageType !== 'metered' || key?.kind !== 'overage') {
    return err(
      appError(
        'validation_failed',
        `subscription item "${input.subscriptionItem}" is not metered: usage is recorded on a plan's metered item`,
        'subscriptionItem',
      ),
    );
  }
  return track(deps, {
    customer: input.customer,
    feature: key.feature,
    amount: input.quantity,
    timestamp: input.timestamp === undefined ? undefined : input.timestamp * 1000,
    idempotencyKey: input.idempotencyKey,
  });
});

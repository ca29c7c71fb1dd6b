import { and, eq } from 'drizzle-orm';
import { parseLookupKey } from '../../core/config/stripe-keys.ts';
import { findCustomer } from '../../commands/customers/find.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { badAmount, badCustomer } from '../entitlements/validate-input.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';
import { err, type Result } from '../../core/lib/result.ts';
import { badIdempotencyKey, type UsageEvent } from './event.ts';
import { track } from './track.ts';

/** Stripe's removed `subscriptionItems.createUsageRecord(item, { quantity, timestamp, action })`, as the customer's usage. */
export interface RecordItemUsageInput {
  /** The app's id of the customer whose subscription holds the item. */
  customer: string;
  /** The metered subscription item (`si_...`) the legacy call named. */
  subscriptionItem: string;
  quantity: number;
  /** Unix seconds, as the legacy call took them (default: now); at most 35 days old. */
  timestamp?: number;
  /** Only `increment`: meters add usage up, there is no `set`. */
  action?: string;
  idempotencyKey?: string;
}

/**
 * The replacement for Stripe's legacy usage records (removed from the API):
 * the item must be a metered item of the customer's own subscription (the
 * overage price `tollgate push` made for a plan's feature); the quantity is
 * tracked as that feature's usage, which counts against the plan's allowance
 * and reaches Stripe as meter events through the reporter. Another customer's
 * item answers `not_found`, exactly as an unknown one does.
 */
export async function recordItemUsage(deps: Deps, input: RecordItemUsageInput): Promise<Result<UsageEvent, AppError>> {
  const problem =
    badCustomer(input.customer) ??
    checkText(input.subscriptionItem, 'subscriptionItem', { max: INPUT_LIMITS.id, notBlank: true }) ??
    badAmount(input.quantity, 'quantity') ??
    badIdempotencyKey(input.idempotencyKey) ??
    badAction(input.action) ??
    (input.timestamp === undefined || (Number.isSafeInteger(input.timestamp) && input.timestamp > 0)
      ? null
      : appError('validation_failed', 'timestamp must be unix seconds (a positive integer).', 'timestamp'));
  if (problem) return err(problem);
  const missing = err(appError('not_found', `no subscription item "${input.subscriptionItem}" for this customer`, 'subscriptionItem'));
  const customer = await findCustomer(deps, input.customer);
  if (!customer.ok) return missing;
  const [item] = await deps.db
    .select({ lookupKey: subscriptionItems.lookupKey, usageType: subscriptionItems.usageType })
    .from(subscriptionItems)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionItems.subscriptionId))
    .where(and(eq(subscriptionItems.id, input.subscriptionItem), eq(subscriptions.stripeCustomerId, customer.value.stripeCustomerId)));
  if (!item) return missing;
  const parsed = parseLookupKey(item.lookupKey);
  if (item.usageType !== 'metered' || parsed?.kind !== 'overage') {
    return err(
      appError(
        'validation_failed',
        `subscription item "${input.subscriptionItem}" is not metered: usage is recorded on a plan's metered item`,
        'subscriptionItem',
      ),
    );
  }
  const tracked = await track(deps, {
    customer: input.customer,
    feature: parsed.feature,
    amount: input.quantity,
    ...(input.timestamp !== undefined ? { timestamp: input.timestamp * 1000 } : {}),
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
  });
  return tracked;
}

function badAction(action: unknown): AppError | null {
  if (action === undefined || action === 'increment') return null;
  if (action === 'set') {
    return appError('validation_failed', 'action "set" has no replacement: Billing Meters only add usage up, so send the change as an increment.', 'action');
  }
  return appError('validation_failed', 'action must be "increment".', 'action');
}

import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import type { Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { setCancelAtPeriodEnd } from './cancel-at-period-end.ts';
import { releaseSchedule } from './load.ts';

export const cancelSubscriptionInput = z.object({ customer: appId() });
export type CancelSubscriptionInput = z.input<typeof cancelSubscriptionInput>;

/**
 * Cancels the customer's subscription at the end of the period they paid for
 * (`cancel_at_period_end`). They keep the plan until then; `resumeSubscription`
 * undoes it. Calling it again changes nothing.
 */
export const cancelSubscription = operation(cancelSubscriptionInput, (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> =>
  setCancelAtPeriodEnd(deps, input.customer, 'cancel', (s) => s.cancel_at_period_end, releaseSchedule),
);

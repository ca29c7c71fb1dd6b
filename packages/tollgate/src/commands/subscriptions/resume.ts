import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import type { Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { setCancelAtPeriodEnd } from './cancel-at-period-end.ts';

export const resumeSubscriptionInput = z.object({ customer: appId() });
export type ResumeSubscriptionInput = z.input<typeof resumeSubscriptionInput>;

/** Undoes a cancelation at period end: the subscription renews again. Calling it again changes nothing. */
export const resumeSubscription = operation(resumeSubscriptionInput, (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> =>
  setCancelAtPeriodEnd(deps, input.customer, 'resume', (s) => !s.cancel_at_period_end && s.cancel_at === null),
);

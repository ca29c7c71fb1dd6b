import { z } from 'zod';
import { checkCredits } from '../credits/check-credits.ts';
import { creditPriceOf } from '../credits/systems.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { featureKey, idText, units } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { submitCheckRead } from './check-group.ts';
import { contextFromRow } from './customer-context.ts';
import { decide, type Entitlement, featurePlan, uncounted } from './feature-plan.ts';
import type { SubscriptionState } from './resolve-plan.ts';

export const checkInput = z.object({
  customer: idText(),
  feature: featureKey(),
  /** Units the caller is about to use (default 1; 0 asks "is any left?"). */
  amount: units(0).optional().describe('Units about to be used (default 1)'),
  /** Overrides the mirror's subscription (tests, callers that already know it). Library only. */
  subscription: z.custom<SubscriptionState | null>().optional(),
});
export type CheckInput = z.input<typeof checkInput>;

/**
 * May `customer` use `amount` of `feature` now? Answers from the database in
 * one statement (the mirror's subscription and time zone, the latest counter
 * window, the gauge), never from Stripe; concurrent checks share one
 * statement (check-group.ts), each answered as if alone. Advisory: `consume` is the atomic
 * check-and-count. An unknown feature answers `feature_not_found`; malformed
 * input is an error naming the field.
 */
export const check = operation(checkInput, async (deps: Deps, input): Promise<Result<Entitlement, AppError>> => {
  const amount = input.amount ?? 1;
  const now = deps.clock.now();
  if (!deps.config.features[input.feature]) return ok(uncounted(false, 'feature_not_found', input.feature, null, null));
  // Priced in credits: the balance answers (src/credits).
  const price = creditPriceOf(deps.config, input.feature);
  if (price) return checkCredits(deps, { customer: input.customer, feature: input.feature, amount, subscription: input.subscription }, price);
  const row = await submitCheckRead(deps.db, { customer: input.customer, feature: input.feature, at: now.toISOString() });
  const context = contextFromRow(row);
  if (input.subscription !== undefined) context.subscription = input.subscription;
  const fp = featurePlan(deps.config, input.feature, context, now);
  if (!fp.ok) return fp;
  let used = 0;
  let billable = 0;
  if (fp.value.definition.type === 'gauge') {
    used = Number(row?.gauge ?? 0);
  } else if (fp.value.window && row?.window_key === fp.value.window.key) {
    used = Number(row.used ?? 0);
    billable = Number(row.billable ?? 0);
  }
  return ok(decide(fp.value, used, billable, amount));
});

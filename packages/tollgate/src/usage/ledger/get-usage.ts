import { z } from 'zod';
import { creditPriceOf } from '../credits/systems.ts';
import { check } from '../entitlements/check.ts';
import type { Entitlement } from '../entitlements/feature-plan.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { featureKey, idText } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';

export const getUsageInput = z.object({
  customer: idText(),
  /** Only these features (default: every metered feature and gauge in the config). */
  features: z.array(featureKey()).optional(),
  /** Overrides the mirror's subscription (tests, callers that already know it). Library only. */
  subscription: z.custom<SubscriptionState | null>().optional(),
});
export type GetUsageInput = z.input<typeof getUsageInput>;

export interface CustomerUsage {
  customer: string;
  /** The plan whose entitlements apply. */
  plan: string | null;
  features: Entitlement[];
}

/**
 * A customer's plan and, per feature, its limit, usage in the current window,
 * what is left and when it resets: what `GET /usage` and the React
 * `UsageMeter` show. Each feature is answered as `check` answers it for one
 * more unit, so `allowed` says whether the customer may use the feature now
 * (false once a hard limit is used up, as `consume` would refuse).
 */
export const getUsage = operation(getUsageInput, async (deps: Deps, input): Promise<Result<CustomerUsage, AppError>> => {
  // Features priced in credits have no allowance to show: their balance is GET credits/balance.
  const keys =
    input.features ??
    Object.entries(deps.config.features)
      .filter(([key, d]) => d.type !== 'boolean' && !creditPriceOf(deps.config, key))
      .map(([key]) => key);
  const features: Entitlement[] = [];
  for (const feature of keys) {
    const answer = await check(deps, {
      customer: input.customer,
      feature,
      amount: 1,
      subscription: input.subscription,
    });
    if (!answer.ok) return answer;
    features.push(answer.value);
  }
  const plan = features.find((f) => f.plan !== null)?.plan ?? null;
  return ok({ customer: input.customer, plan, features });
});

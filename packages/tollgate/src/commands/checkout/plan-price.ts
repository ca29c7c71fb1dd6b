import type Stripe from 'stripe';
import { type BillingInterval, overagePriceLookupKey, planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import type { PlanDefinition } from '../../core/config/types.ts';
import { currentVersion, planAtVersion } from '../../core/config/versions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export interface PlanPrice {
  planKey: string;
  plan: PlanDefinition;
  interval: BillingInterval;
  price: Stripe.Price;
  /** Metered overage prices billed with the plan (monthly plans only: one subscription has one interval). */
  overage: Stripe.Price[];
}

/**
 * The config plan for a key, or `plan_not_found` / `plan_not_self_serve` naming `param`.
 * `offeredOnly` (a customer choosing): a hidden plan is not on offer either.
 */
export function selfServePlan(
  deps: Pick<Deps, 'config'>,
  planKey: string,
  param = 'plan',
  options: { offeredOnly?: boolean } = {},
): Result<PlanDefinition, AppError> {
  const plan = Object.hasOwn(deps.config.plans, planKey) ? deps.config.plans[planKey] : undefined;
  if (!plan) {
    const known = Object.keys(deps.config.plans).join(', ');
    return err(appError('plan_not_found', `no plan "${planKey}" in the config (plans: ${known})`, param));
  }
  if (options.offeredOnly === true && plan.hidden === true) {
    return err(
      appError(
        'plan_not_self_serve',
        `plan "${planKey}" is hidden: it is not offered to customers (the operator can still assign it with a secret key)`,
        param,
      ),
    );
  }
  if (plan.custom)
    return err(appError('plan_not_self_serve', `plan "${planKey}" is a custom plan: it is assigned by sales, not bought through checkout`, param));
  if (!plan.prices || (plan.prices.monthly === undefined && plan.prices.yearly === undefined)) {
    return err(appError('plan_not_self_serve', `plan "${planKey}" has no price: customers are on it without a subscription`, param));
  }
  return ok(plan);
}

async function activePrice(stripe: Stripe, lookupKey: string): Promise<Stripe.Price | undefined> {
  const prices = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 });
  return prices.data[0];
}

/**
 * The Stripe price of a plan and interval, found by its lookup key (the one
 * `tollgate push` wrote), with the plan's overage prices for monthly billing.
 */
export async function resolvePlanPrice(
  deps: Pick<Deps, 'config' | 'stripe'>,
  planKey: string,
  interval: BillingInterval,
  param = 'plan',
  /** Default: the plan's current version (the one new checkouts get). */
  version?: number,
): Promise<Result<PlanPrice, AppError>> {
  const latest = selfServePlan(deps, planKey, param);
  if (!latest.ok) return latest;
  const v = version ?? currentVersion(latest.value);
  const plan = ok(planAtVersion(latest.value, v));
  const amount = interval === 'month' ? plan.value.prices?.monthly : plan.value.prices?.yearly;
  if (amount === undefined) {
    return err(appError('price_not_found', `plan "${planKey}" has no ${interval === 'month' ? 'monthly' : 'yearly'} price`, 'interval'));
  }
  const price = await activePrice(deps.stripe, planPriceLookupKey(planKey, interval, v));
  if (!price) {
    return err(appError('price_not_found', `Stripe has no price for plan "${planKey}" (${interval}): run "tollgate push --yes"`, param));
  }
  const overage: Stripe.Price[] = [];
  if (interval === 'month') {
    for (const [feature, grant] of Object.entries(plan.value.features)) {
      if (typeof grant !== 'object' || !grant.overage) continue;
      const metered = await activePrice(deps.stripe, overagePriceLookupKey(planKey, feature, v));
      if (!metered) return err(appError('price_not_found', `Stripe has no overage price for "${planKey}" / "${feature}": run "tollgate push --yes"`, param));
      overage.push(metered);
    }
  }
  return ok({ planKey, plan: plan.value, interval, price, overage });
}

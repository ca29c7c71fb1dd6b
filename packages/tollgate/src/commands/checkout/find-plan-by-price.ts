import type Stripe from 'stripe';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import { INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { planKeyOfPrice } from '../../stripe-in/mirror/fields.ts';
import { selfServePlan } from './plan-price.ts';

/** A Stripe price id as an app or a browser sends it (errors name the caller's field). */
export const findPlanByPriceInput = text(INPUT_LIMITS.id, 1, { notBlank: true })
  .refine((id) => !id.startsWith('prod_'), { error: (issue) => `is a product id: pass the id of one of its prices (price_...), not "${String(issue.input)}"` })
  .refine((id) => id.startsWith('price_'), { error: 'must be a Stripe price id (price_...)' });

export interface PlanOfPrice {
  plan: string;
  interval: BillingInterval;
  priceId: string;
}

/**
 * The config plan and interval a Stripe price id stands for: for apps whose
 * front end or configuration speaks in price ids (seed 001's `price_id`, seed
 * 003's `STRIPE_PRICE_*`). Only a plan price that `tollgate push` made (lookup
 * key or metadata) of a plan that can be bought is accepted, so a price id
 * from a browser can choose nothing the pricing table does not offer; pass the
 * answer to `createCheckout` as `plan` + `interval` with `selfService: true`.
 * Errors name `param`: a product id (`prod_...`) where a price id belongs, an
 * unknown or archived price (`price_not_found`), a price that is not a plan's
 * (`plan_not_found`), a custom, free or hidden plan (`plan_not_self_serve`).
 */
export async function findPlanByPrice(deps: Pick<Deps, 'config' | 'stripe'>, priceId: unknown, param = 'priceId'): Promise<Result<PlanOfPrice, AppError>> {
  const parsed = parseInput(findPlanByPriceInput, priceId, param);
  if (!parsed.ok) return parsed;
  const id = parsed.value;
  let price: Stripe.Price;
  try {
    price = await deps.stripe.prices.retrieve(id);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404)
      return err(appError('price_not_found', `no price "${id}" in this Stripe account (test and live mode have different prices)`, param));
    throw e;
  }
  if (!price.active) return err(appError('price_not_found', `price "${id}" is archived`, param));
  const plan = planKeyOfPrice(price);
  const interval: string | undefined = price.recurring?.interval;
  if (plan === null || (interval !== 'month' && interval !== 'year'))
    return err(appError('plan_not_found', `price "${id}" is not the price of a plan in the config`, param));
  const offered = selfServePlan(deps, plan, param, { offeredOnly: true });
  if (!offered.ok) return offered;
  return ok({ plan, interval, priceId: id });
}

import { METADATA, type BillingInterval } from '../../core/config/stripe-keys.ts';
import type { PlanDefinition, TollgateConfig } from '../../core/config/types.ts';
import type { BillingCustomer } from '../customers/find.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/** The currencies a plan's price for an interval can be billed in: the config's own, then the plan's `currencies`. */
export function planCurrencies(config: TollgateConfig, plan: PlanDefinition, interval: BillingInterval): string[] {
  const field = interval === 'month' ? 'monthly' : 'yearly';
  const others = Object.entries(plan.currencies ?? {})
    .filter(([, prices]) => prices[field] !== undefined)
    .map(([c]) => c);
  return [config.currency ?? 'usd', ...others];
}

/**
 * The currency a checkout bills in: the one passed (an operator's choice),
 * else the customer's (`tollgate_currency` in their metadata, else the
 * currency Stripe already bills them in), else the config's. A currency
 * passed that the plan lacks is `currency_not_supported` naming `currency`;
 * a customer's own that the plan lacks falls back to the config's currency
 * only when Stripe does not bill them in it yet.
 */
export function chooseCurrency(
  config: TollgateConfig,
  planKey: string,
  plan: PlanDefinition,
  interval: BillingInterval,
  requested: string | undefined,
  customer: BillingCustomer | null,
): Result<string, AppError> {
  const offered = planCurrencies(config, plan, interval);
  const refuse = (currency: string, why: string) =>
    err(
      appError(
        'currency_not_supported',
        `plan "${planKey}" (${interval}ly) is not priced in ${currency.toUpperCase()}${why} (currencies: ${offered.join(', ')})`,
        'currency',
      ),
    );
  if (requested !== undefined) {
    const c = requested.toLowerCase();
    return offered.includes(c) ? ok(c) : refuse(c, '');
  }
  const preferred = customer?.metadata?.[METADATA.currency];
  if (preferred && offered.includes(preferred)) return ok(preferred);
  const billed = customer?.currency ?? null;
  if (billed) return offered.includes(billed) ? ok(billed) : refuse(billed, `, the currency Stripe bills customer "${customer?.externalId}" in`);
  if (preferred) return refuse(preferred, `, customer "${customer?.externalId}"'s currency`);
  return ok(offered[0] ?? 'usd');
}

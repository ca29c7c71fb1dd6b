import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';

/** The legacy `plan` view of a recurring price, which subscription items still carry. */
export function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring?.interval ?? 'month',
    interval_count: recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: recurring?.meter ?? null,
    nickname: price.nickname,
    product: typeof price.product === 'string' ? price.product : price.product.id,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity ? { divide_by: price.transform_quantity.divide_by, round: price.transform_quantity.round } : null,
    trial_period_days: recurring?.trial_period_days ?? null,
    usage_type: recurring?.usage_type ?? 'licensed',
  };
}

export function buildItem(
  em: Emulator,
  subscription: string,
  price: Stripe.Price,
  quantity: number | undefined,
  period: { start: number; end: number },
  metadata?: Record<string, string> | '',
  created = period.start,
  taxRates: Stripe.TaxRate[] = [],
): Stripe.SubscriptionItem {
  const metered = price.recurring?.usage_type === 'metered';
  return {
    id: em.ids.next('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created,
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata: initialMetadata(metadata),
    plan: planOf(price),
    price,
    ...(metered ? {} : { quantity: quantity ?? 1 }),
    subscription,
    tax_rates: taxRates,
  };
}

/** `items[i][price]` or its legacy spelling `items[i][plan]` (a plan id is a price id): the id and the parameter it came from. */
export function itemPrice(item: { price?: string; plan?: string }, param: string): { id: string; param: string } | undefined {
  if (item.price !== undefined && item.plan !== undefined)
    throw invalidRequest(`You may only specify one of these parameters: ${param}[plan], ${param}[price].`, `${param}[plan]`);
  if (item.price !== undefined) return { id: item.price, param: `${param}[price]` };
  if (item.plan !== undefined) return { id: item.plan, param: `${param}[plan]` };
  return undefined;
}

/** Items list as embedded in a subscription. */
export function itemList(subscription: string, items: Stripe.SubscriptionItem[]): Stripe.ApiList<Stripe.SubscriptionItem> {
  return { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${subscription}` };
}

export function priceId(price: string | Stripe.Price | Stripe.DeletedPrice | null | undefined): string | null {
  if (price === null || price === undefined) return null;
  return typeof price === 'string' ? price : price.id;
}

export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

import type Stripe from 'stripe';
import { type BillingInterval, METADATA, meterEventName, overagePriceLookupKey, planPriceLookupKey, productLookupKey } from '../../core/config/stripe-keys.ts';
import { isTiered } from '../../core/config/tiers.ts';
import type { PlanPrices, TieredPricing, TollgateConfig } from '../../core/config/types.ts';
import { withPlanVersions } from './versions.ts';

/** What Stripe should hold for a config: derived from the config alone. */
export interface DesiredProduct {
  /** `plan:<plan>` or `product:<product>`. */
  key: string;
  name: string;
  description: string | null;
  metadata: Record<string, string>;
}

export interface DesiredPrice {
  lookupKey: string;
  productKey: string;
  nickname: string;
  currency: string;
  /** Null for a tiered price. */
  unitAmount: number | null;
  /** A tiered price (`billing_scheme: tiered`): seat tiers, or tiered overage. */
  tiers: TieredPricing | null;
  /** The same price in other currencies (Stripe `currency_options`), minor units by currency. */
  currencyOptions: Record<string, number> | null;
  recurring: { interval: BillingInterval; usageType: 'licensed' | 'metered'; meterFeature?: string } | null;
  /** Usage is divided by this before pricing (overage `per`), rounded up. */
  divideBy: number | null;
  metadata: Record<string, string>;
}

export interface DesiredMeter {
  feature: string;
  eventName: string;
  displayName: string;
}

export interface DesiredState {
  currency: string;
  products: DesiredProduct[];
  prices: DesiredPrice[];
  meters: DesiredMeter[];
}

export const MANAGED = { [METADATA.managedBy]: 'true' } as const;

export function planProductKey(plan: string): string {
  return `plan:${plan}`;
}

export function oneTimeProductKey(product: string): string {
  return `product:${product}`;
}

/** The meter every overage price of a feature points at. */
export function meterParams(meter: DesiredMeter): Stripe.Billing.MeterCreateParams {
  return {
    display_name: meter.displayName,
    event_name: meter.eventName,
    default_aggregation: { formula: 'sum' },
    customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
    value_settings: { event_payload_key: 'value' },
  };
}

const INTERVALS: [keyof NonNullable<TollgateConfig['plans'][string]['prices']>, BillingInterval, string][] = [
  ['monthly', 'month', 'monthly'],
  ['yearly', 'year', 'yearly'],
];

/**
 * Every plan gets a product (free and custom plans too: they appear in the
 * dashboard and on invoices of sales-assigned subscriptions); paid plans get a
 * recurring price per interval (per unit, used with quantity for per-seat
 * plans); custom plans get no price. Overage is a monthly metered price on the
 * plan's product pointing at the feature's meter: the usage reporter sends the
 * units above the included amount.
 */
export function desiredState(config: TollgateConfig): DesiredState {
  const currency = config.currency ?? 'usd';
  const products: DesiredProduct[] = [];
  const prices: DesiredPrice[] = [];
  const meters = new Map<string, DesiredMeter>();

  for (const [plan, def] of Object.entries(config.plans)) {
    const productKey = planProductKey(plan);
    products.push({ key: productKey, name: def.name, description: def.description ?? null, metadata: { [METADATA.plan]: plan, ...MANAGED } });
    if (def.custom) continue;
    for (const [field, interval, label] of INTERVALS) {
      const amount = def.prices?.[field];
      if (amount === undefined) continue;
      const seatTiers = def.seatTiers?.[field] ?? null;
      prices.push({
        lookupKey: planPriceLookupKey(plan, interval),
        productKey,
        nickname: `${def.name} ${label}${def.perSeat ? ' (per seat)' : ''}`,
        currency,
        unitAmount: seatTiers ? null : amount,
        tiers: seatTiers,
        currencyOptions: currencyOptionsOf(def.currencies, field),
        recurring: { interval, usageType: 'licensed' },
        divideBy: null,
        metadata: { [METADATA.plan]: plan, [METADATA.interval]: interval, ...MANAGED },
      });
    }
    for (const [feature, grant] of Object.entries(def.features)) {
      if (typeof grant !== 'object' || !grant.overage) continue;
      const featureDef = config.features[feature];
      const featureName = featureDef?.name ?? feature;
      meters.set(feature, { feature, eventName: meterEventName(feature), displayName: `${featureName} (Tollgate)` });
      const tiered = isTiered(grant.overage) ? grant.overage : null;
      const per = isTiered(grant.overage) ? 1 : (grant.overage.per ?? 1);
      prices.push({
        lookupKey: overagePriceLookupKey(plan, feature),
        productKey,
        nickname: `${def.name}: ${featureName} overage`,
        currency,
        unitAmount: isTiered(grant.overage) ? null : grant.overage.amount,
        tiers: tiered,
        currencyOptions: null,
        recurring: { interval: 'month', usageType: 'metered', meterFeature: feature },
        divideBy: per > 1 ? per : null,
        metadata: { [METADATA.plan]: plan, [METADATA.feature]: feature, ...MANAGED },
      });
    }
  }

  for (const [product, def] of Object.entries(config.products ?? {})) {
    const productKey = oneTimeProductKey(product);
    products.push({ key: productKey, name: def.name, description: def.description ?? null, metadata: { [METADATA.product]: product, ...MANAGED } });
    prices.push({
      lookupKey: productLookupKey(product),
      productKey,
      nickname: def.name,
      currency: def.currency?.toLowerCase() ?? currency,
      unitAmount: def.price,
      tiers: null,
      currencyOptions: null,
      recurring: null,
      divideBy: null,
      metadata: { [METADATA.product]: product, ...MANAGED },
    });
  }

  return withPlanVersions(config, { currency, products, prices, meters: [...meters.values()] }, desiredState);
}

function currencyOptionsOf(currencies: Record<string, PlanPrices> | undefined, field: keyof PlanPrices): Record<string, number> | null {
  const options = Object.entries(currencies ?? {}).flatMap(([currency, prices]) => (prices[field] === undefined ? [] : [[currency, prices[field]] as const]));
  return options.length > 0 ? Object.fromEntries(options.sort(([a], [b]) => a.localeCompare(b))) : null;
}

/** The config key (`plan:pro`, `product:x`) a Stripe product's metadata names, if Tollgate manages it. */
export function productKeyOf(product: Stripe.Product): string | undefined {
  const plan = product.metadata[METADATA.plan];
  if (plan) return planProductKey(plan);
  const oneTime = product.metadata[METADATA.product];
  if (oneTime) return oneTimeProductKey(oneTime);
  return undefined;
}

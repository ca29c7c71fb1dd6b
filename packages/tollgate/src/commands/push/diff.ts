import type Stripe from 'stripe';
import { METADATA, overagePriceLookupKey, parseLookupKey, planPriceLookupKey, planVersionOfPrice, productLookupKey } from '../../core/config/stripe-keys.ts';
import { type DesiredMeter, type DesiredPrice, type DesiredProduct, type DesiredState, meterParams, productKeyOf } from './desired.ts';
import { sameCurrencyOptions, sameTiers, stripeTiers } from './tiers.ts';
import type { PushStep, Ref, StripeState } from './types.ts';

/** The lookup key a managed price holds, or should hold judging by its metadata. */
function intendedLookupKey(price: Stripe.Price): string | undefined {
  if (parseLookupKey(price.lookup_key)) return price.lookup_key ?? undefined;
  const m = price.metadata;
  const plan = m[METADATA.plan];
  const interval = m[METADATA.interval];
  const version = planVersionOfPrice(price);
  if (plan && (interval === 'month' || interval === 'year')) return planPriceLookupKey(plan, interval, version);
  const feature = m[METADATA.feature];
  if (plan && feature) return overagePriceLookupKey(plan, feature, version);
  const product = m[METADATA.product];
  if (product) return productLookupKey(product);
  return undefined;
}

/** Active before archived, then newest first. */
function preferred<T extends { created: number }>(items: T[], isActive: (item: T) => boolean): T[] {
  return [...items].sort((a, b) => Number(isActive(b)) - Number(isActive(a)) || b.created - a.created);
}

function idOf(value: string | { id: string } | null): string | null {
  return value === null ? null : typeof value === 'string' ? value : value.id;
}

function changedMetadata(current: Stripe.Metadata, wanted: Record<string, string>): Record<string, string> | undefined {
  const changes = Object.entries(wanted).filter(([k, v]) => current[k] !== v);
  return changes.length > 0 ? Object.fromEntries(changes) : undefined;
}

/** Whether a price's immutable terms are the ones wanted (prices cannot change amount or interval). */
function sameTerms(price: Stripe.Price, want: DesiredPrice, productId: string | undefined, meterId: string | undefined): boolean {
  if (productId === undefined || idOf(price.product) !== productId) return false;
  if (price.currency !== want.currency || price.unit_amount !== want.unitAmount || !sameTiers(price, want.tiers)) return false;
  if (!sameCurrencyOptions(price, want.currencyOptions)) return false;
  if ((price.transform_quantity?.divide_by ?? null) !== want.divideBy) return false;
  if (!want.recurring) return price.type === 'one_time';
  const r = price.recurring;
  if (price.type !== 'recurring' || !r) return false;
  if (r.interval !== want.recurring.interval || r.interval_count !== 1 || r.usage_type !== want.recurring.usageType) return false;
  return want.recurring.meterFeature === undefined || (meterId !== undefined && r.meter === meterId);
}

function priceParams(want: DesiredPrice): Omit<Stripe.PriceCreateParams, 'product'> {
  const params: Omit<Stripe.PriceCreateParams, 'product'> = {
    currency: want.currency,
    ...(want.tiers ? { billing_scheme: 'tiered', tiers_mode: want.tiers.mode, tiers: stripeTiers(want.tiers) } : { unit_amount: want.unitAmount ?? 0 }),
    lookup_key: want.lookupKey,
    nickname: want.nickname,
    metadata: want.metadata,
  };
  if (want.recurring) {
    params.recurring = { interval: want.recurring.interval, interval_count: 1, usage_type: want.recurring.usageType };
  }
  if (want.currencyOptions)
    params.currency_options = Object.fromEntries(Object.entries(want.currencyOptions).map(([c, amount]) => [c, { unit_amount: amount }]));
  if (want.divideBy !== null) params.transform_quantity = { divide_by: want.divideBy, round: 'up' };
  return params;
}

function planMeters(wanted: DesiredMeter[], current: Stripe.Billing.Meter[], steps: PushStep[], archive: PushStep[]): Map<string, Ref> {
  const refs = new Map<string, Ref>();
  for (const want of wanted) {
    const [meter] = preferred(
      current.filter((m) => m.event_name === want.eventName),
      (m) => m.status === 'active',
    );
    if (!meter) {
      steps.push({ type: 'create_meter', feature: want.feature, params: meterParams(want) });
      refs.set(want.feature, { key: want.feature });
      continue;
    }
    refs.set(want.feature, { id: meter.id });
    if (meter.status !== 'active') steps.push({ type: 'reactivate_meter', id: meter.id, feature: want.feature });
    if (meter.display_name !== want.displayName) {
      steps.push({ type: 'update_meter', id: meter.id, feature: want.feature, params: { display_name: want.displayName } });
    }
  }
  const wantedNames = new Set(wanted.map((m) => m.eventName));
  for (const meter of current) {
    if (meter.status === 'active' && !wantedNames.has(meter.event_name)) {
      archive.push({ type: 'deactivate_meter', id: meter.id, eventName: meter.event_name });
    }
  }
  return refs;
}

function planProducts(wanted: DesiredProduct[], current: Stripe.Product[], steps: PushStep[], archive: PushStep[]): Map<string, Ref> {
  const refs = new Map<string, Ref>();
  for (const want of wanted) {
    const [product] = preferred(
      current.filter((p) => productKeyOf(p) === want.key),
      (p) => p.active,
    );
    if (!product) {
      const params: Stripe.ProductCreateParams = { name: want.name, metadata: want.metadata };
      if (want.description !== null) params.description = want.description;
      steps.push({ type: 'create_product', key: want.key, params });
      refs.set(want.key, { key: want.key });
      continue;
    }
    refs.set(want.key, { id: product.id });
    const params: Stripe.ProductUpdateParams = {};
    if (!product.active) params.active = true;
    if (product.name !== want.name) params.name = want.name;
    if ((product.description ?? null) !== want.description) params.description = want.description ?? '';
    const metadata = changedMetadata(product.metadata, want.metadata);
    if (metadata) params.metadata = metadata;
    if (Object.keys(params).length > 0) steps.push({ type: 'update_product', key: want.key, id: product.id, params });
  }
  const wantedKeys = new Set(wanted.map((p) => p.key));
  for (const product of current) {
    const key = productKeyOf(product);
    if (product.active && key !== undefined && !wantedKeys.has(key)) archive.push({ type: 'archive_product', key, id: product.id });
  }
  return refs;
}

function refId(ref: Ref | undefined): string | undefined {
  return ref && 'id' in ref ? ref.id : undefined;
}

function planPrices(
  state: DesiredState,
  current: Stripe.Price[],
  products: Map<string, Ref>,
  meters: Map<string, Ref>,
  steps: PushStep[],
  archive: PushStep[],
) {
  const kept = new Set<string>();
  for (const want of state.prices) {
    const product = products.get(want.productKey) ?? { key: want.productKey };
    const meter = want.recurring?.meterFeature === undefined ? undefined : meters.get(want.recurring.meterFeature);
    const holder = current.find((p) => p.lookup_key === want.lookupKey);
    const others = preferred(
      current.filter((p) => p !== holder && p.active && intendedLookupKey(p) === want.lookupKey),
      (p) => p.active,
    );
    const candidates = holder ? [holder, ...others] : others;
    const match = candidates.find((p) => sameTerms(p, want, refId(product), refId(meter)));
    if (!match) {
      const params = priceParams(want);
      if (holder) params.transfer_lookup_key = true;
      const previous = holder ?? candidates[0];
      steps.push({
        type: 'create_price',
        lookupKey: want.lookupKey,
        product,
        ...(meter ? { meter } : {}),
        params,
        ...(previous ? { replaces: { id: previous.id, unitAmount: previous.unit_amount } } : {}),
      });
      continue;
    }
    kept.add(match.id);
    const params: Stripe.PriceUpdateParams = {};
    if (!match.active) params.active = true;
    if (match.lookup_key !== want.lookupKey) Object.assign(params, { lookup_key: want.lookupKey, transfer_lookup_key: true });
    if (match.nickname !== want.nickname) params.nickname = want.nickname;
    const metadata = changedMetadata(match.metadata, want.metadata);
    if (metadata) params.metadata = metadata;
    if (Object.keys(params).length > 0) steps.push({ type: 'update_price', lookupKey: want.lookupKey, id: match.id, params });
  }
  const stale = current.filter((p) => p.active && !kept.has(p.id));
  stale.sort((a, b) => String(a.lookup_key).localeCompare(String(b.lookup_key)) || a.id.localeCompare(b.id));
  for (const price of stale) archive.push({ type: 'archive_price', lookupKey: price.lookup_key, id: price.id });
}

/**
 * The steps that bring Stripe from `current` to `desired`: meters, then
 * products, then prices (created, updated, reactivated), then archives.
 * Nothing is deleted; an amount change creates a new price and moves the
 * lookup key to it.
 */
export function diffState(desired: DesiredState, current: StripeState): PushStep[] {
  const steps: PushStep[] = [];
  const archivePrices: PushStep[] = [];
  const archiveProducts: PushStep[] = [];
  const archiveMeters: PushStep[] = [];
  const meters = planMeters(desired.meters, current.meters, steps, archiveMeters);
  const products = planProducts(desired.products, current.products, steps, archiveProducts);
  planPrices(desired, current.prices, products, meters, steps, archivePrices);
  return [...steps, ...archivePrices, ...archiveProducts, ...archiveMeters];
}

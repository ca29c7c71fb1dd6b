import Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { createProduct, getProduct } from '../products/products.ts';

export interface TierInput {
  up_to: number | 'inf';
  unit_amount?: number;
  unit_amount_decimal?: string;
  flat_amount?: number;
  flat_amount_decimal?: string;
}

export interface PriceInput {
  currency: string;
  product?: string;
  product_data?: {
    name: string;
    active?: boolean;
    metadata?: Record<string, string> | '';
    unit_label?: string;
    statement_descriptor?: string;
    tax_code?: string;
  };
  unit_amount?: number;
  unit_amount_decimal?: string;
  billing_scheme?: 'per_unit' | 'tiered';
  tiers?: TierInput[];
  tiers_mode?: 'graduated' | 'volume';
  recurring?: {
    interval: 'day' | 'week' | 'month' | 'year';
    interval_count?: number;
    usage_type?: 'licensed' | 'metered';
    meter?: string;
    trial_period_days?: number;
  };
  lookup_key?: string;
  transfer_lookup_key?: boolean;
  nickname?: string;
  active?: boolean;
  metadata?: Record<string, string> | '';
  currency_options?: Record<
    string,
    { unit_amount?: number; unit_amount_decimal?: string; tiers?: TierInput[]; tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified' }
  >;
  tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
  transform_quantity?: { divide_by: number; round: 'up' | 'down' };
  custom_unit_amount?: { enabled: boolean; maximum?: number; minimum?: number; preset?: number };
}

/** `expand[]=tiers`: Stripe includes a price's tiers only when asked. */
registerVirtualExpansion('price', 'tiers', (db, price) => db.priceTiers.get(String(price.id))?.tiers);
registerVirtualExpansion('plan', 'tiers', (db, plan) => db.priceTiers.get(String(plan.id))?.tiers);
/**
 * `expand[]=currency_options`: every currency the price bills in, its own
 * included (Stripe lists the default currency beside the options).
 */
registerVirtualExpansion('price', 'currency_options', (db, object) => {
  const price = db.prices.get(String(object.id));
  if (!price) return undefined;
  const own: Stripe.Price.CurrencyOptions = {
    custom_unit_amount: null,
    tax_behavior: price.tax_behavior ?? 'unspecified',
    ...(price.billing_scheme === 'tiered' ? { tiers: db.priceTiers.get(price.id)?.tiers ?? [] } : {}),
    unit_amount: price.unit_amount,
    unit_amount_decimal: price.unit_amount_decimal,
  };
  return { [price.currency]: own, ...price.currency_options };
});

export function getPrice(em: Emulator, id: string, param = 'price'): Stripe.Price {
  const price = em.db.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

const dec = (value: number | string | undefined | null): Stripe.Decimal | null =>
  value === undefined || value === null ? null : Stripe.Decimal.from(String(value));

function buildTiers(tiers: TierInput[], param: string): Stripe.Price.Tier[] {
  if (tiers.length === 0) throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
  const last = tiers[tiers.length - 1]!;
  if (last.up_to !== 'inf') throw invalidRequest(`The last tier must have up_to set to 'inf'.`, `${param}[${tiers.length - 1}][up_to]`);
  return tiers.map((t) => ({
    up_to: t.up_to === 'inf' ? null : t.up_to,
    unit_amount: t.unit_amount ?? (t.unit_amount_decimal === undefined ? 0 : null),
    unit_amount_decimal: dec(t.unit_amount ?? t.unit_amount_decimal ?? 0),
    flat_amount: t.flat_amount ?? null,
    flat_amount_decimal: dec(t.flat_amount ?? t.flat_amount_decimal),
  }));
}

/** Clears `lookup_key` from the price that holds it (for `transfer_lookup_key`), or refuses a duplicate. */
function claimLookupKey(em: Emulator, key: string, transfer: boolean, self?: string): void {
  for (const other of em.db.prices.values()) {
    if (other.lookup_key !== key || other.id === self) continue;
    if (!transfer) throw invalidRequest(`A price (\`${other.id}\`) already uses that lookup key.`, 'lookup_key');
    const after: Stripe.Price = { ...other, lookup_key: null };
    em.db.prices.put(after);
    em.emit('price.updated', after, { previous: { lookup_key: key } });
  }
}

function currencyOptions(input: PriceInput['currency_options'], base: string): Stripe.Price['currency_options'] {
  if (!input) return undefined;
  const out: Record<string, Stripe.Price.CurrencyOptions> = {};
  for (const [currency, o] of Object.entries(input)) {
    const c = currency.toLowerCase();
    if (c === base) throw invalidRequest("currency_options cannot include the price's own currency.", `currency_options[${currency}]`);
    out[c] = {
      custom_unit_amount: null,
      tax_behavior: o.tax_behavior ?? 'unspecified',
      ...(o.tiers ? { tiers: buildTiers(o.tiers, `currency_options[${currency}][tiers]`) } : {}),
      unit_amount: o.unit_amount ?? null,
      unit_amount_decimal: dec(o.unit_amount ?? o.unit_amount_decimal),
    };
  }
  return out;
}

export function createPrice(em: Emulator, input: PriceInput): Stripe.Price {
  const currency = input.currency.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${input.currency}`, 'currency');
  let productId: string;
  if (input.product !== undefined) productId = getProduct(em, input.product).id;
  else if (input.product_data) productId = createProduct(em, input.product_data).id;
  else throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');
  const scheme = input.billing_scheme ?? 'per_unit';
  let tiers: Stripe.Price.Tier[] | undefined;
  if (scheme === 'tiered') {
    if (!input.tiers) throw invalidRequest('Missing required param: tiers.', 'tiers', 'parameter_missing');
    if (!input.tiers_mode) throw invalidRequest('Missing required param: tiers_mode.', 'tiers_mode', 'parameter_missing');
    tiers = buildTiers(input.tiers, 'tiers');
  } else if (input.unit_amount === undefined && input.unit_amount_decimal === undefined && !input.custom_unit_amount) {
    throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  }
  if (input.recurring?.usage_type === 'metered' && input.recurring.meter === undefined) {
    throw invalidRequest('Missing required param: recurring[meter].', 'recurring[meter]', 'parameter_missing');
  }
  if (input.lookup_key !== undefined) claimLookupKey(em, input.lookup_key, input.transfer_lookup_key ?? false);
  const price: Stripe.Price = {
    id: em.ids.next('price'),
    object: 'price',
    active: input.active ?? true,
    billing_scheme: scheme,
    created: em.now(),
    currency,
    ...(input.currency_options ? { currency_options: currencyOptions(input.currency_options, currency) } : {}),
    custom_unit_amount: input.custom_unit_amount
      ? {
          maximum: input.custom_unit_amount.maximum ?? null,
          minimum: input.custom_unit_amount.minimum ?? null,
          preset: input.custom_unit_amount.preset ?? null,
        }
      : null,
    livemode: false,
    lookup_key: input.lookup_key ?? null,
    metadata: initialMetadata(input.metadata),
    nickname: input.nickname ?? null,
    product: productId,
    recurring: input.recurring
      ? {
          interval: input.recurring.interval,
          interval_count: input.recurring.interval_count ?? 1,
          meter: input.recurring.meter ?? null,
          trial_period_days: input.recurring.trial_period_days ?? null,
          usage_type: input.recurring.usage_type ?? 'licensed',
        }
      : null,
    tax_behavior: input.tax_behavior ?? 'unspecified',
    tiers_mode: scheme === 'tiered' ? (input.tiers_mode ?? null) : null,
    transform_quantity: input.transform_quantity ?? null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: scheme === 'per_unit' ? (input.unit_amount ?? null) : null,
    unit_amount_decimal: scheme === 'per_unit' ? dec(input.unit_amount ?? input.unit_amount_decimal) : null,
  };
  em.db.prices.put(price);
  if (tiers) em.db.priceTiers.put({ id: price.id, tiers });
  em.emit('price.created', price);
  return price;
}

export interface PriceUpdateInput {
  active?: boolean;
  metadata?: Record<string, string> | '';
  nickname?: string;
  lookup_key?: string;
  transfer_lookup_key?: boolean;
  tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
  currency_options?: PriceInput['currency_options'];
}

export function updatePrice(em: Emulator, id: string, input: PriceUpdateInput): Stripe.Price {
  const before = getPrice(em, id, 'id');
  if (input.lookup_key !== undefined && input.lookup_key !== '') claimLookupKey(em, input.lookup_key, input.transfer_lookup_key ?? false, id);
  const after: Stripe.Price = {
    ...before,
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.nickname !== undefined ? { nickname: input.nickname === '' ? null : input.nickname } : {}),
    ...(input.lookup_key !== undefined ? { lookup_key: input.lookup_key === '' ? null : input.lookup_key } : {}),
    ...(input.tax_behavior !== undefined ? { tax_behavior: input.tax_behavior } : {}),
    ...(input.currency_options !== undefined
      ? { currency_options: { ...before.currency_options, ...currencyOptions(input.currency_options, before.currency) } }
      : {}),
    metadata: mergeMetadata(before.metadata, input.metadata),
  };
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return before;
  em.db.prices.put(after);
  em.emit('price.updated', after, { previous });
  return after;
}

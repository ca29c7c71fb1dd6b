import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';

export const TAX_TYPES = [
  'admissions_tax',
  'amusement_tax',
  'attendance_tax',
  'communications_tax',
  'digital_excise_tax',
  'entertainment_tax',
  'get_fund',
  'gross_receipts_tax',
  'gst',
  'hospitality_tax',
  'hst',
  'igst',
  'jct',
  'lease_tax',
  'luxury_tax',
  'mass_transit_parking_tax',
  'nhil',
  'parking_tax',
  'pst',
  'qst',
  'resort_tax',
  'retail_delivery_fee',
  'rst',
  'sales_tax',
  'service_tax',
  'tourism_tax',
  'utility_users_tax',
  'vat',
] as const;
export type TaxType = (typeof TAX_TYPES)[number];

export interface TaxRateInput {
  display_name: string;
  inclusive: boolean;
  percentage: string;
  active?: boolean;
  country?: string;
  description?: string;
  jurisdiction?: string;
  metadata?: Record<string, string> | '';
  state?: string;
  tax_type?: TaxType;
}

export function getTaxRate(em: Emulator, id: string, param = 'tax_rate'): Stripe.TaxRate {
  const rate = em.db.taxRates.get(id);
  if (!rate) throw resourceMissing('tax_rate', id, param);
  return rate;
}

function checkCountry(country: string | undefined): string | null {
  if (country === undefined || country === '') return null;
  if (!/^[A-Za-z]{2}$/.test(country))
    throw invalidRequest(`Country '${country}' is unknown. Use a 2-character ISO country code such as 'US', 'DE' or 'GB'.`, 'country');
  return country.toUpperCase();
}

export function createTaxRate(em: Emulator, input: TaxRateInput): Stripe.TaxRate {
  const percentage = Number(input.percentage);
  if (!(percentage >= 0 && percentage <= 100)) throw invalidRequest('Invalid percentage: must be between 0 and 100.', 'percentage');
  const rate: Stripe.TaxRate = {
    id: em.ids.next('txr'),
    object: 'tax_rate',
    active: input.active ?? true,
    country: checkCountry(input.country),
    created: em.now(),
    description: input.description ?? null,
    display_name: input.display_name,
    effective_percentage: percentage,
    flat_amount: null,
    inclusive: input.inclusive,
    jurisdiction: input.jurisdiction ?? null,
    jurisdiction_level: null,
    livemode: false,
    metadata: initialMetadata(input.metadata),
    percentage,
    rate_type: 'percentage',
    state: input.state ?? null,
    tax_type: input.tax_type ?? null,
  };
  em.db.taxRates.put(rate);
  em.emit('tax_rate.created', rate);
  return rate;
}

export type TaxRateUpdate = Omit<Partial<TaxRateInput>, 'inclusive' | 'percentage'>;

/** Percentage and inclusiveness never change (a new rate is made instead); the rest can. */
export function updateTaxRate(em: Emulator, id: string, input: TaxRateUpdate): Stripe.TaxRate {
  const before = getTaxRate(em, id, 'id');
  const after: Stripe.TaxRate = {
    ...before,
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.country !== undefined ? { country: checkCountry(input.country) } : {}),
    ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
    ...(input.display_name !== undefined ? { display_name: input.display_name } : {}),
    ...(input.jurisdiction !== undefined ? { jurisdiction: input.jurisdiction === '' ? null : input.jurisdiction } : {}),
    ...(input.state !== undefined ? { state: input.state === '' ? null : input.state } : {}),
    ...(input.tax_type !== undefined ? { tax_type: input.tax_type } : {}),
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
  };
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return before;
  em.db.taxRates.put(after);
  em.emit('tax_rate.updated', after, { previous });
  return after;
}

/** Tax rates named by a `tax_rates` / `default_tax_rates` parameter: each must exist and be active. */
export function resolveTaxRates(em: Emulator, ids: readonly string[], param: string): Stripe.TaxRate[] {
  const seen = new Set<string>();
  return ids.map((id, i) => {
    const rate = getTaxRate(em, id, `${param}[${i}]`);
    if (!rate.active) throw invalidRequest(`Tax rate ${id} is inactive and cannot be used.`, `${param}[${i}]`);
    if (seen.has(id)) throw invalidRequest(`Tax rate ${id} is given more than once.`, `${param}[${i}]`);
    seen.add(id);
    return rate;
  });
}

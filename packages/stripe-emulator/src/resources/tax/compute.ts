import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { taxLocationOf } from './location.ts';
import { testRateFor } from './table.ts';

/** One tax on an amount: what a line, a Checkout line item or a credit note line carries. */
export interface TaxPart {
  amount: number;
  rate: Stripe.TaxRate | null;
  inclusive: boolean;
  taxable: number;
  reason: Stripe.InvoiceLineItem.Tax.TaxabilityReason;
}

/** Rounds half away from zero, so a credit's tax mirrors its charge's. */
const round = (n: number): number => Math.sign(n) * Math.round(Math.abs(n));

/** Taxes of `amount` at `rates`: exclusive ones add to it; inclusive ones are carved out of it. */
export function taxesFor(amount: number, rates: readonly Stripe.TaxRate[], reason: TaxPart['reason'] = 'not_available'): TaxPart[] {
  const inclusivePct = rates.filter((r) => r.inclusive).reduce((sum, r) => sum + r.percentage, 0);
  const base = amount / (1 + inclusivePct / 100);
  return rates.map((rate) =>
    rate.inclusive
      ? { amount: round((base * rate.percentage) / 100), rate, inclusive: true, taxable: round(base), reason }
      : { amount: round((amount * rate.percentage) / 100), rate, inclusive: false, taxable: amount, reason },
  );
}

/** The tax rate object the emulator's automatic tax uses for a location (`txr_emu_de_exclusive`), made on first use. */
function automaticRate(em: Emulator, location: Stripe.Customer.Tax.Location, inclusive: boolean): Stripe.TaxRate | null {
  const test = testRateFor(location.country, location.state);
  if (!test) return null;
  const state = location.country === 'US' && location.state ? location.state.toUpperCase() : null;
  const id = `txr_emu_${location.country.toLowerCase()}${state ? `_${state.toLowerCase()}` : ''}_${inclusive ? 'inclusive' : 'exclusive'}`;
  const existing = em.db.taxRates.get(id);
  if (existing) return existing;
  const rate: Stripe.TaxRate = {
    id,
    object: 'tax_rate',
    active: true,
    country: location.country,
    created: em.now(),
    description: null,
    display_name: test.displayName,
    effective_percentage: test.percentage,
    flat_amount: null,
    inclusive,
    jurisdiction: test.jurisdiction,
    jurisdiction_level: state ? 'state' : 'country',
    livemode: false,
    metadata: {},
    percentage: test.percentage,
    rate_type: 'percentage',
    state,
    tax_type: test.taxType,
  };
  em.db.taxRates.put(rate);
  return rate;
}

/**
 * The emulator's automatic tax for one amount, by the customer's location and `tax_exempt`
 * (see the README's deterministic tax rule). Null when the location is unknown.
 */
export function automaticTaxes(
  em: Emulator,
  customer: Pick<Stripe.Customer, 'address' | 'shipping' | 'tax_exempt'>,
  amount: number,
  inclusive: boolean,
): TaxPart[] | null {
  const zero = (reason: TaxPart['reason']): TaxPart[] => [{ amount: 0, rate: null, inclusive, taxable: 0, reason }];
  if (customer.tax_exempt === 'exempt') return zero('customer_exempt');
  if (customer.tax_exempt === 'reverse') return zero('reverse_charge');
  const location = taxLocationOf(customer);
  if (!location) return null;
  const rate = automaticRate(em, location, inclusive);
  return rate ? taxesFor(amount, [rate], 'standard_rated') : zero('not_collecting');
}

/** Whether automatic tax can be computed for a customer (`complete`), or needs an address first. */
export function automaticTaxStatus(
  customer: Pick<Stripe.Customer, 'address' | 'shipping' | 'tax_exempt'> | undefined,
): 'complete' | 'requires_location_inputs' {
  if (!customer) return 'requires_location_inputs';
  return customer.tax_exempt === 'exempt' || customer.tax_exempt === 'reverse' || taxLocationOf(customer) ? 'complete' : 'requires_location_inputs';
}

/**
 * Automatic tax turned on (or an invoice finalized with it) needs a customer location Stripe Tax
 * can use, as Stripe checks; `then` ends the advice Stripe gives (` and finalize again`).
 */
export function requireAutomaticTaxLocation(customer: Stripe.Customer | undefined, then = ''): void {
  if (automaticTaxStatus(customer) === 'complete') return;
  throw invalidRequest(
    `The customer's location isn't recognized, so automatic tax cannot be calculated. Add a valid address to the customer (a country, and a state or postal code in the US)${then}.`,
    'customer',
    'customer_tax_location_invalid',
  );
}

/** A line's tax as invoice lines and credit note lines write it. */
export function lineTax(part: TaxPart): Stripe.InvoiceLineItem.Tax & Stripe.CreditNoteLineItem.Tax {
  return {
    amount: part.amount,
    tax_behavior: part.inclusive ? 'inclusive' : 'exclusive',
    tax_rate_details: part.rate ? { tax_rate: part.rate.id } : null,
    taxability_reason: part.reason,
    taxable_amount: part.taxable,
    type: 'tax_rate_details',
  };
}

import type Stripe from 'stripe';
import { testRateFor } from './table.ts';

/** Where a customer is taxed: the shipping address first, then the billing address, as Stripe Tax does. */
export function taxLocationOf(customer: Pick<Stripe.Customer, 'address' | 'shipping'>): Stripe.Customer.Tax.Location | null {
  const shipping = customer.shipping?.address;
  if (recognized(shipping)) return { country: shipping!.country!.toUpperCase(), state: shipping!.state ?? null, source: 'shipping_destination' };
  const billing = customer.address;
  if (recognized(billing)) return { country: billing!.country!.toUpperCase(), state: billing!.state ?? null, source: 'billing_address' };
  return null;
}

/** A country is enough, except in the US, which also needs a state or a postal code. */
function recognized(address: Stripe.Address | null | undefined): boolean {
  if (!address?.country || !/^[A-Za-z]{2}$/.test(address.country)) return false;
  if (address.country.toUpperCase() === 'US') return !!address.state || !!address.postal_code;
  return true;
}

/** The customer's `tax` hash (`expand[]=tax`). */
export function customerTax(customer: Stripe.Customer): Stripe.Customer.Tax {
  const location = taxLocationOf(customer);
  const status: Stripe.Customer.Tax.AutomaticTax = !location
    ? 'unrecognized_location'
    : testRateFor(location.country, location.state)
      ? 'supported'
      : 'not_collecting';
  return { automatic_tax: status, ip_address: null, location, provider: 'stripe' };
}

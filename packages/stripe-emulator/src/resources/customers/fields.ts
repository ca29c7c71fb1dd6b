import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import { type Infer, p } from '../../core/params.ts';

/** `address[line1]`... as Stripe's `AddressParam`. */
export const addressParam = p.obj({ city: p.string(), country: p.string(), line1: p.string(), line2: p.string(), postal_code: p.string(), state: p.string() });
export const shippingParam = p.obj({ address: p.required(addressParam), name: p.required(p.string({ nonEmpty: true })), phone: p.string() });
export const taxExemptParam = p.emptyable(p.enum(['none', 'exempt', 'reverse']));

export type AddressInput = Infer<typeof addressParam>;
export type ShippingInput = Infer<typeof shippingParam>;

const orNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);

/** An address as Stripe returns it: every field present, empty ones null, the country upper-case. */
export function toAddress(input: AddressInput, param: string): Stripe.Address {
  const country = orNull(input.country);
  if (country !== null && !/^[A-Za-z]{2}$/.test(country))
    throw invalidRequest(
      `Country '${country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'.`,
      `${param}[country]`,
    );
  return {
    city: orNull(input.city),
    country: country?.toUpperCase() ?? null,
    line1: orNull(input.line1),
    line2: orNull(input.line2),
    postal_code: orNull(input.postal_code),
    state: orNull(input.state),
  };
}

export function toShipping(input: ShippingInput, param: string): Stripe.Customer.Shipping {
  return { address: toAddress(input.address, `${param}[address]`), name: input.name, phone: orNull(input.phone) };
}

/** `invoice_prefix`: 3 to 12 upper-case letters or digits. */
export function checkInvoicePrefix(prefix: string): string {
  if (!/^[A-Z0-9]{3,12}$/.test(prefix)) throw invalidRequest('Invalid invoice_prefix: must be 3 to 12 uppercase letters or numbers.', 'invoice_prefix');
  return prefix;
}

/** The prefix Stripe gives a customer that set none: 8 upper-case characters, unique per customer (taken from its id). */
export function defaultInvoicePrefix(customerId: string): string {
  return customerId.slice(-8).toUpperCase();
}

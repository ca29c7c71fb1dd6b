import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { sent, sentOrNull } from '../../core/sent.ts';
import { taxLocationOf } from '../tax/location.ts';
import { addBalanceTransaction } from './balance.ts';
import { type AddressInput, type ShippingInput, checkInvoicePrefix, defaultInvoicePrefix, toAddress, toShipping } from './fields.ts';
import { buildTaxId } from './tax-ids.ts';

export interface CustomerInput {
  email?: string;
  name?: string;
  description?: string;
  phone?: string;
  metadata?: Record<string, string> | '';
  invoice_settings?: { default_payment_method?: string; footer?: string };
  test_clock?: string;
  payment_method?: string;
  preferred_locales?: string[];
  balance?: number;
  address?: AddressInput | '';
  shipping?: ShippingInput | '';
  tax_exempt?: 'none' | 'exempt' | 'reverse' | '';
  tax_id_data?: { type: string; value: string }[];
  invoice_prefix?: string;
  next_invoice_sequence?: number;
  tax?: { validate_location?: 'auto' | 'deferred' | 'immediately' };
}

/** `tax[validate_location]=immediately`: the customer must have an address Stripe Tax can use. */
function checkTaxLocation(customer: Stripe.Customer, input: Pick<CustomerInput, 'tax'>): void {
  if (input.tax?.validate_location !== 'immediately' || taxLocationOf(customer)) return;
  throw invalidRequest(
    "The customer's location isn't recognized. Add a valid address (a country, and a state or postal code in the US) and try again.",
    'tax[validate_location]',
    'customer_tax_location_invalid',
  );
}

export function getCustomer(em: Emulator, id: string, param = 'customer'): Stripe.Customer {
  const customer = em.db.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

export function createCustomer(em: Emulator, input: CustomerInput): Stripe.Customer {
  let testClock: string | null = null;
  if (input.test_clock !== undefined) {
    if (!em.db.testClocks.has(input.test_clock)) throw resourceMissing('test_clock', input.test_clock, 'test_clock');
    testClock = input.test_clock;
  }
  const id = em.ids.next('cus');
  const created = em.timeFor(testClock);
  const customer: Stripe.Customer = {
    id,
    object: 'customer',
    address: input.address ? toAddress(input.address, 'address') : null,
    balance: 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: input.invoice_prefix !== undefined ? checkInvoicePrefix(input.invoice_prefix) : defaultInvoicePrefix(id),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: input.invoice_settings?.footer ?? null, rendering_options: null },
    livemode: false,
    metadata: initialMetadata(input.metadata),
    name: input.name ?? null,
    next_invoice_sequence: input.next_invoice_sequence ?? 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferred_locales ?? [],
    shipping: input.shipping ? toShipping(input.shipping, 'shipping') : null,
    tax_exempt: input.tax_exempt || 'none',
    test_clock: testClock,
  };
  checkTaxLocation(customer, input);
  const taxIds = (input.tax_id_data ?? []).map((data, i) => buildTaxId(em, customer, data, (field) => `tax_id_data[${i}][${field}]`));
  // A starting balance is recorded as a balance transaction, as Stripe records it.
  const saved = input.balance ? addBalanceTransaction(em, customer, { amount: input.balance, type: 'initial', at: created }).customer : customer;
  em.db.customers.put(saved);
  em.emit('customer.created', saved, { at: created });
  for (const taxId of taxIds) {
    em.db.taxIds.put(taxId);
    em.emit('customer.tax_id.created', taxId, { at: created });
  }
  return saved;
}

/** The one way a customer changes: writes the new object and emits `customer.updated` with what changed. */
export function saveCustomer(em: Emulator, before: Stripe.Customer, after: Stripe.Customer): Stripe.Customer {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return before;
  em.db.customers.put(after);
  em.emit('customer.updated', after, { previous, at: em.timeFor(after.test_clock) });
  return after;
}

export function updateCustomer(
  em: Emulator,
  id: string,
  input: Omit<CustomerInput, 'test_clock' | 'tax_id_data'>,
  attach?: (customer: string, pm: string) => void,
): Stripe.Customer {
  const before = getCustomer(em, id, 'id');
  let defaultPm = before.invoice_settings.default_payment_method;
  const requested = input.invoice_settings?.default_payment_method;
  if (requested !== undefined) {
    if (requested === '') defaultPm = null;
    else {
      const pm = em.db.paymentMethods.get(requested);
      if (!pm) throw resourceMissing('PaymentMethod', requested, 'invoice_settings[default_payment_method]');
      if (pm.customer !== id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${requested}. The payment method must be attached to the customer.`,
          'invoice_settings[default_payment_method]',
          'resource_missing',
        );
      }
      defaultPm = requested;
    }
  }
  if (input.payment_method !== undefined && attach) attach(id, input.payment_method);
  const after: Stripe.Customer = {
    ...before,
    ...sentOrNull(input, ['email', 'name', 'description', 'phone']),
    ...sent(input, ['preferred_locales', 'next_invoice_sequence']),
    ...(input.address !== undefined ? { address: input.address === '' ? null : toAddress(input.address, 'address') } : {}),
    ...(input.shipping !== undefined ? { shipping: input.shipping === '' ? null : toShipping(input.shipping, 'shipping') } : {}),
    ...(input.tax_exempt !== undefined ? { tax_exempt: input.tax_exempt || 'none' } : {}),
    ...(input.invoice_prefix !== undefined ? { invoice_prefix: checkInvoicePrefix(input.invoice_prefix) } : {}),
    metadata: mergeMetadata(before.metadata, input.metadata),
    invoice_settings: {
      ...before.invoice_settings,
      default_payment_method: defaultPm,
      ...(input.invoice_settings?.footer !== undefined ? { footer: input.invoice_settings.footer || null } : {}),
    },
  };
  checkTaxLocation(after, input);
  // Setting `balance` records the difference as an adjustment (a balance transaction).
  const balanced =
    input.balance !== undefined && input.balance !== before.balance
      ? addBalanceTransaction(em, after, { amount: input.balance - before.balance, type: 'adjustment', at: em.timeFor(before.test_clock) }).customer
      : after;
  return saveCustomer(em, em.db.customers.get(id) ?? before, balanced);
}

export function deleteCustomer(em: Emulator, id: string): Stripe.DeletedCustomer {
  const customer = getCustomer(em, id, 'id');
  // Deleting a customer cancels its subscriptions immediately, as Stripe does.
  for (const sub of em.db.subscriptions.values()) {
    if (sub.customer === id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') {
      const at = em.timeFor(customer.test_clock);
      const ended: Stripe.Subscription = { ...sub, status: 'canceled', canceled_at: at, ended_at: at };
      em.db.subscriptions.put(ended);
      em.emit('customer.subscription.deleted', ended, { at });
    }
  }
  em.db.customers.delete(id);
  const tombstone: Stripe.DeletedCustomer = { id, object: 'customer', deleted: true };
  em.db.deletedCustomers.put(tombstone);
  em.emit('customer.deleted', customer, { at: em.timeFor(customer.test_clock) });
  return tombstone;
}

import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';

export interface CustomerInput {
  email?: string;
  name?: string;
  description?: string;
  phone?: string;
  metadata?: Record<string, string> | '';
  invoice_settings?: { default_payment_method?: string };
  test_clock?: string;
  payment_method?: string;
  preferred_locales?: string[];
  balance?: number;
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
  const customer: Stripe.Customer = {
    id: em.ids.next('cus'),
    object: 'customer',
    address: null,
    balance: input.balance ?? 0,
    created: em.timeFor(testClock),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email ?? null,
    invoice_prefix: null,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: initialMetadata(input.metadata),
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferred_locales ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: testClock,
  };
  em.db.customers.put(customer);
  em.emit('customer.created', customer, { at: customer.created });
  return customer;
}

/** The one way a customer changes: writes the new object and emits `customer.updated` with what changed. */
export function saveCustomer(em: Emulator, before: Stripe.Customer, after: Stripe.Customer): Stripe.Customer {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return before;
  em.db.customers.put(after);
  em.emit('customer.updated', after, { previous, at: em.timeFor(after.test_clock) });
  return after;
}

export function updateCustomer(em: Emulator, id: string, input: Omit<CustomerInput, 'test_clock'>, attach?: (customer: string, pm: string) => void): Stripe.Customer {
  const before = getCustomer(em, id, 'id');
  let defaultPm = before.invoice_settings.default_payment_method;
  const requested = input.invoice_settings?.default_payment_method;
  if (requested !== undefined) {
    if (requested === '') defaultPm = null;
    else {
      const pm = em.db.paymentMethods.get(requested);
      if (!pm) throw resourceMissing('PaymentMethod', requested, 'invoice_settings[default_payment_method]');
      if (pm.customer !== id) {
        throw invalidRequest(`The customer does not have a payment method with the ID ${requested}. The payment method must be attached to the customer.`, 'invoice_settings[default_payment_method]', 'resource_missing');
      }
      defaultPm = requested;
    }
  }
  if (input.payment_method !== undefined && attach) attach(id, input.payment_method);
  const after: Stripe.Customer = {
    ...before,
    ...(input.email !== undefined ? { email: input.email === '' ? null : input.email } : {}),
    ...(input.name !== undefined ? { name: input.name === '' ? null : input.name } : {}),
    ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
    ...(input.phone !== undefined ? { phone: input.phone === '' ? null : input.phone } : {}),
    ...(input.balance !== undefined ? { balance: input.balance } : {}),
    ...(input.preferred_locales !== undefined ? { preferred_locales: input.preferred_locales } : {}),
    metadata: mergeMetadata(before.metadata, input.metadata),
    invoice_settings: { ...before.invoice_settings, default_payment_method: defaultPm },
  };
  return saveCustomer(em, em.db.customers.get(id) ?? before, after);
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

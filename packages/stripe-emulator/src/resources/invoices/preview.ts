import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { getCustomer } from '../customers/customers.ts';
import { getPrice } from '../prices/prices.ts';
import { idOf } from '../subscriptions/items.ts';
import { renewSubscription } from '../subscriptions/lifecycle.ts';
import { createSubscription, getSubscription } from '../subscriptions/subscriptions.ts';
import { type SubscriptionUpdate, updateSubscription } from '../subscriptions/update.ts';
import { getSchedule } from '../subscription-schedules/schedules.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { createInvoice, getInvoice } from './invoices.ts';
import { createInvoiceItem } from './lines.ts';

export interface PreviewInput {
  customer?: string;
  subscription?: string;
  schedule?: string;
  automatic_tax?: { enabled: boolean };
  subscription_details?: Pick<
    SubscriptionUpdate,
    'items' | 'proration_behavior' | 'proration_date' | 'cancel_at_period_end' | 'trial_end' | 'default_tax_rates'
  >;
  invoice_items?: { price?: string; quantity?: number; amount?: number; currency?: string; description?: string; tax_rates?: string[] | '' }[];
}

class Rollback extends Error {}

/**
 * Computes the invoice a change would produce without keeping anything: the change runs in a
 * savepoint that is always rolled back. `always_invoice` previews the immediate proration
 * invoice; otherwise the next renewal invoice, prorations included.
 */
export function previewInvoice(em: Emulator, input: PreviewInput): Stripe.Invoice {
  let result: Stripe.Invoice | undefined;
  try {
    em.transaction(() => {
      result = computePreview(em, input);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  if (!result) throw new Error('preview produced no invoice');
  return result;
}

function computePreview(em: Emulator, input: PreviewInput): Stripe.Invoice {
  const scheduled = input.schedule !== undefined ? idOf(getSchedule(em, input.schedule, 'schedule').subscription) : null;
  if (input.schedule !== undefined && !scheduled) throw invalidRequest('This subscription schedule has no subscription to preview yet.', 'schedule');
  const subId = input.subscription ?? scheduled ?? undefined;
  const sub = subId !== undefined ? getSubscription(em, subId, input.subscription !== undefined ? 'subscription' : 'schedule') : undefined;
  const customerId = input.customer ?? (sub ? idOf(sub.customer) : null);
  if (!customerId) throw invalidRequest('Missing required param: customer.', 'customer', 'parameter_missing');
  const customer = getCustomer(em, customerId, 'customer');
  const at = em.timeFor(customer.test_clock);
  (input.invoice_items ?? []).forEach((item, i) => {
    const price = item.price !== undefined ? getPrice(em, item.price, `invoice_items[${i}][price]`) : null;
    const quantity = item.quantity ?? 1;
    const amount = price ? (price.unit_amount ?? 0) * quantity : (item.amount ?? 0);
    const taxRates = item.tax_rates ? resolveTaxRates(em, item.tax_rates, `invoice_items[${i}][tax_rates]`) : [];
    createInvoiceItem(em, {
      customer: customer.id,
      currency: price?.currency ?? item.currency ?? 'usd',
      amount,
      description: item.description ?? 'Invoice item',
      period: { start: at, end: at },
      price,
      quantity,
      subscription: sub?.id ?? null,
      taxRates,
      at,
    });
  });
  const details = input.subscription_details ?? {};
  if (!sub && details.items && details.items.length > 0) {
    // A new subscription: its first invoice, as creating it would produce (nothing is charged or kept).
    const created = createSubscription(em, {
      customer: customer.id,
      items: details.items.map((item) => ({
        ...(item.price !== undefined ? { price: item.price } : {}),
        ...(item.plan !== undefined ? { plan: item.plan } : {}),
        ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
        ...(item.tax_rates !== undefined ? { tax_rates: item.tax_rates } : {}),
      })),
      payment_behavior: 'default_incomplete',
      ...(input.automatic_tax ? { automatic_tax: input.automatic_tax } : {}),
      ...(details.default_tax_rates ? { default_tax_rates: details.default_tax_rates } : {}),
      ...(details.trial_end !== undefined ? { trial_end: details.trial_end } : {}),
    });
    const first = idOf(created.latest_invoice);
    if (!first) throw new Error('subscription produced no invoice');
    return { ...getInvoice(em, first), status: 'draft', number: null, hosted_invoice_url: null, invoice_pdf: null, auto_advance: false };
  }
  if (!sub)
    return createInvoice(em, {
      customer,
      billingReason: 'upcoming',
      includePending: true,
      at,
      autoAdvance: false,
      ...(input.automatic_tax ? { automaticTax: input.automatic_tax.enabled } : {}),
    });
  const always = details.proration_behavior === 'always_invoice';
  const changed = updateSubscription(em, sub.id, {
    ...details,
    ...(input.automatic_tax ? { automatic_tax: input.automatic_tax } : {}),
    ...(always ? { proration_behavior: 'create_prorations' } : {}),
  });
  if (always)
    return createInvoice(em, {
      customer,
      subscription: changed,
      billingReason: 'subscription_update',
      includePending: true,
      at,
      autoAdvance: false,
      ...(details.proration_date !== undefined ? { prorationDate: details.proration_date } : {}),
    });
  if (changed.status === 'canceled')
    return createInvoice(em, { customer, subscription: changed, billingReason: 'upcoming', includePending: true, at, autoAdvance: false });
  renewSubscription(em, changed, at);
  const renewed = getSubscription(em, sub.id);
  const latest = idOf(renewed.latest_invoice);
  if (!latest) throw new Error('renewal produced no invoice');
  return { ...getInvoice(em, latest), billing_reason: 'upcoming', auto_advance: false, automatically_finalizes_at: null };
}

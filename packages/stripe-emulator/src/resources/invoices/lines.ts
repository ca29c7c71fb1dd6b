import Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { priceAmount } from '../prices/amount.ts';
import { formatDate } from '../subscriptions/periods.ts';

const dec = (n: number): Stripe.Decimal => Stripe.Decimal.from(String(n));

function productName(em: Emulator, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return em.db.products.get(id)?.name ?? id;
}

function pricing(price: Stripe.Price): Stripe.InvoiceLineItem.Pricing {
  return {
    type: 'price_details',
    price_details: { price: price.id, product: typeof price.product === 'string' ? price.product : price.product.id },
    unit_amount_decimal: price.unit_amount_decimal,
  };
}

/** A line for one subscription item over a period (`amount` overrides the computed charge, e.g. 0 for trials). */
export function subscriptionLine(
  em: Emulator,
  item: Stripe.SubscriptionItem,
  period: { start: number; end: number },
  options: { trial?: boolean; currency?: string } = {},
): Stripe.InvoiceLineItem {
  const price = item.price;
  const quantity = item.quantity ?? 0;
  const metered = price.recurring?.usage_type === 'metered';
  const amount = options.trial || metered ? 0 : priceAmount(em, price, quantity, options.currency ?? price.currency);
  const name = productName(em, price);
  return {
    id: em.ids.next('il'),
    object: 'line_item',
    amount,
    currency: options.currency ?? price.currency,
    description: options.trial ? `Trial period for ${name}` : `${quantity} × ${name} (at ${price.unit_amount ?? 0} / ${price.recurring?.interval ?? 'unit'})`,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: item.metadata,
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: item.subscription,
        subscription_item: item.id,
      },
    },
    period,
    pretax_credit_amounts: [],
    pricing: pricing(price),
    quantity,
    quantity_decimal: dec(quantity),
    subscription: item.subscription,
    subtotal: amount,
    taxes: [],
  };
}

/** A line for a pending invoice item (one-off charges and prorations). */
export function invoiceItemLine(em: Emulator, ii: Stripe.InvoiceItem): Stripe.InvoiceLineItem {
  const subscription = ii.parent?.subscription_details?.subscription ?? null;
  const priceId = ii.pricing?.price_details?.price;
  const price = priceId ? em.db.prices.get(typeof priceId === 'string' ? priceId : priceId.id) : undefined;
  return {
    id: em.ids.next('il'),
    object: 'line_item',
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discount_amounts: [],
    discountable: ii.discountable,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: ii.metadata ?? {},
    parent: {
      type: 'invoice_item_details',
      invoice_item_details: { invoice_item: ii.id, proration: ii.proration, proration_details: { credited_items: null }, subscription },
      subscription_item_details: null,
    },
    period: ii.period,
    pretax_credit_amounts: [],
    pricing: price ? pricing(price) : null,
    quantity: ii.quantity,
    quantity_decimal: ii.quantity_decimal,
    subscription,
    subtotal: ii.amount,
    taxes: [],
  };
}

export interface InvoiceItemDraft {
  customer: string;
  currency: string;
  amount: number;
  description: string;
  period: { start: number; end: number };
  proration?: boolean;
  price?: Stripe.Price | null;
  quantity?: number;
  subscription?: string | null;
  subscriptionItem?: string | null;
  invoice?: string | null;
  metadata?: Stripe.Metadata;
  testClock?: string | null;
  taxRates?: Stripe.TaxRate[];
  at: number;
}

export function createInvoiceItem(em: Emulator, draft: InvoiceItemDraft): Stripe.InvoiceItem {
  const quantity = draft.quantity ?? 1;
  const ii: Stripe.InvoiceItem = {
    id: em.ids.next('ii'),
    object: 'invoiceitem',
    amount: draft.amount,
    currency: draft.currency,
    customer: draft.customer,
    customer_account: null,
    date: draft.at,
    description: draft.description,
    discountable: !draft.proration,
    discounts: [],
    invoice: draft.invoice ?? null,
    livemode: false,
    metadata: draft.metadata ?? {},
    net_amount: draft.amount,
    parent: draft.subscription
      ? {
          type: 'subscription_details',
          subscription_details: { subscription: draft.subscription, ...(draft.subscriptionItem ? { subscription_item: draft.subscriptionItem } : {}) },
        }
      : null,
    period: draft.period,
    pricing: draft.price
      ? {
          type: 'price_details',
          price_details: { price: draft.price.id, product: typeof draft.price.product === 'string' ? draft.price.product : draft.price.product.id },
          unit_amount_decimal: draft.price.unit_amount_decimal,
        }
      : null,
    proration: draft.proration ?? false,
    quantity,
    quantity_decimal: dec(quantity),
    tax_rates: draft.taxRates ?? [],
    test_clock: draft.testClock ?? null,
  };
  em.db.invoiceItems.put(ii);
  em.emit('invoiceitem.created', ii, { at: draft.at });
  return ii;
}

/** Proration description in Stripe's words. */
export function prorationDescription(em: Emulator, price: Stripe.Price, quantity: number, kind: 'unused' | 'remaining', at: number): string {
  const name = productName(em, price);
  return kind === 'unused' ? `Unused time on ${quantity} × ${name} after ${formatDate(at)}` : `Remaining time on ${quantity} × ${name} after ${formatDate(at)}`;
}

import Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { p, updatable } from '../../core/params.ts';
import { equals, findOrMissing, resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import { sent } from '../../core/sent.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { getCustomer } from '../customers/customers.ts';
import { getInvoice, retaxInvoice, usableBalance, withTotals } from '../invoices/invoices.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { createInvoiceItem, invoiceItemLine } from '../invoices/lines.ts';
import { priceAmount } from '../prices/amount.ts';
import { getPrice } from '../prices/prices.ts';
import { idOf } from '../subscriptions/items.ts';
import { getSubscription } from '../subscriptions/subscriptions.ts';

const createShape = {
  customer: p.required(p.string({ nonEmpty: true })),
  amount: p.int(),
  currency: p.currency(),
  description: p.string(),
  discountable: p.bool(),
  invoice: p.string(),
  metadata: p.emptyable(p.metadata()),
  period: p.obj({ start: p.required(p.int()), end: p.required(p.int()) }),
  pricing: p.obj({ price: p.string() }),
  price_data: p.obj({
    currency: p.required(p.currency()),
    product: p.required(p.string()),
    unit_amount: p.int(),
    unit_amount_decimal: p.decimal(),
    tax_behavior: p.string(),
  }),
  quantity: p.int({ min: 0 }),
  subscription: p.string(),
  unit_amount_decimal: p.decimal(),
  tax_rates: p.arr(p.string({ nonEmpty: true })),
  expand: p.arr(p.string()),
};

const updateShape = {
  ...updatable(createShape, ['description', 'metadata', 'amount', 'quantity', 'expand']),
  tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
};

function getInvoiceItem(em: Emulator, id: string): Stripe.InvoiceItem {
  return findOrMissing(em.db.invoiceItems, 'invoiceitem', id);
}

/** Keeps a draft invoice's line for an invoice item in step with it (added, changed or removed), taxes and totals included. */
function syncDraft(em: Emulator, ii: Stripe.InvoiceItem, removed = false): void {
  if (typeof ii.invoice !== 'string') return;
  const invoice = getInvoice(em, ii.invoice, 'invoice');
  const customer = em.db.customers.get(typeof ii.customer === 'string' ? ii.customer : ii.customer.id);
  const others = invoice.lines.data.filter((line) => line.parent?.invoice_item_details?.invoice_item !== ii.id);
  const lines = removed ? others : [...others, { ...invoiceItemLine(em, ii), invoice: invoice.id }];
  em.db.invoices.put(withTotals(invoice, retaxInvoice(em, invoice, lines), usableBalance(customer, invoice.currency)));
}

export function invoiceItemRoutes(r: Router): void {
  resourceRoutes(r, 'invoiceitem', (db: Db) => db.invoiceItems, {
    match: { customer: p.string(), invoice: p.string() },
    filters: { pending: equals(p.bool(), (ii) => ii.invoice === null) },
    create: withBody(createShape, (em, input) => {
      const customer = getCustomer(em, input.customer);
      const at = em.timeFor(customer.test_clock);
      const price = input.pricing?.price !== undefined ? getPrice(em, input.pricing.price, 'pricing[price]') : null;
      if (input.invoice !== undefined && getInvoice(em, input.invoice, 'invoice').status !== 'draft')
        throw invalidRequest('You can only add invoice items to draft invoices.', 'invoice', 'invoice_not_editable');
      if (input.subscription !== undefined) getSubscription(em, input.subscription, 'subscription');
      const quantity = input.quantity ?? 1;
      let amount: number;
      let currency: string;
      if (price) {
        amount = priceAmount(em, price, quantity);
        currency = price.currency;
      } else if (input.price_data) {
        amount = (input.price_data.unit_amount ?? Number(input.price_data.unit_amount_decimal ?? 0)) * quantity;
        currency = input.price_data.currency.toLowerCase();
      } else {
        if (input.amount === undefined && input.unit_amount_decimal === undefined)
          throw invalidRequest('Missing required param: amount.', 'amount', 'parameter_missing');
        if (input.currency === undefined) throw invalidRequest('Missing required param: currency.', 'currency', 'parameter_missing');
        amount = input.amount ?? Math.round(Number(input.unit_amount_decimal) * quantity);
        currency = input.currency.toLowerCase();
      }
      const ii = createInvoiceItem(em, {
        customer: customer.id,
        currency,
        amount,
        description: input.description ?? (price ? (em.db.products.get(idOf(price.product) ?? '')?.name ?? 'Invoice item') : 'Invoice item'),
        period: input.period ?? { start: at, end: at },
        price,
        quantity,
        subscription: input.subscription ?? null,
        invoice: input.invoice ?? null,
        metadata: mergeMetadata({}, input.metadata),
        taxRates: input.tax_rates ? resolveTaxRates(em, input.tax_rates, 'tax_rates') : [],
        testClock: typeof customer.test_clock === 'string' ? customer.test_clock : (customer.test_clock?.id ?? null),
        at,
      });
      syncDraft(em, ii);
      return ii;
    }),
    retrieve: getInvoiceItem,
    update: withId(updateShape, (em, id, input) => {
      const before = getInvoiceItem(em, id);
      if (before.invoice !== null && em.db.invoices.get(idOf(before.invoice) ?? '')?.status !== 'draft')
        throw invalidRequest('This invoice item is on a finalized invoice and can no longer be changed.', undefined, 'invoice_not_editable');
      const after: Stripe.InvoiceItem = {
        ...before,
        ...sent(input, ['description', 'amount']),
        ...(input.quantity !== undefined ? { quantity: input.quantity, quantity_decimal: Stripe.Decimal.from(String(input.quantity)) } : {}),
        ...(input.amount !== undefined ? { net_amount: input.amount } : {}),
        ...(input.tax_rates !== undefined ? { tax_rates: input.tax_rates === '' ? [] : resolveTaxRates(em, input.tax_rates, 'tax_rates') } : {}),
        metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
      };
      em.db.invoiceItems.put(after);
      syncDraft(em, after);
      return after;
    }),
    del: (em, id) => {
      const ii = getInvoiceItem(em, id);
      if (ii.invoice !== null && em.db.invoices.get(idOf(ii.invoice) ?? '')?.status !== 'draft')
        throw invalidRequest('This invoice item is on a finalized invoice and cannot be deleted.', undefined, 'invoice_not_editable');
      em.db.invoiceItems.delete(ii.id);
      syncDraft(em, ii, true);
      em.emit('invoiceitem.deleted', ii);
      return { id: ii.id, object: 'invoiceitem', deleted: true };
    },
  });
}

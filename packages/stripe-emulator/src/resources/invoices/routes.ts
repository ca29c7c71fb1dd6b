import type Stripe from 'stripe';
import { invalidRequest, keepingChanges, cardError } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, p, updatable } from '../../core/params.ts';
import { equals, resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import { sent, sentOrNull } from '../../core/sent.ts';
import type { Db } from '../../core/db.ts';
import { type Router, pathId } from '../../core/router.ts';
import { getCustomer } from '../customers/customers.ts';
import { getSubscription } from '../subscriptions/subscriptions.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { automaticTaxParam, checkOneTaxSource } from '../tax/params.ts';
import {
  checkTaxLocation,
  createInvoice,
  customerIdOf,
  finalizeInvoice,
  getInvoice,
  invoiceAutomaticTax,
  markPaid,
  markUncollectible,
  retaxInvoice,
  saveInvoice,
  subscriptionIdOf,
  usableBalance,
  voidInvoice,
  withTotals,
} from './invoices.ts';
import { attemptInvoicePayment, invoicePaymentId } from './pay.ts';
import { invoiceQueryRoutes } from './query-routes.ts';
import { invoiceHtml, invoicePdf } from './render.ts';

const createShape = {
  customer: p.required(p.string({ nonEmpty: true })),
  auto_advance: p.bool(),
  collection_method: p.enum(['charge_automatically', 'send_invoice']),
  days_until_due: p.int({ min: 0 }),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  subscription: p.string(),
  pending_invoice_items_behavior: p.enum(['exclude', 'include']),
  default_payment_method: p.string(),
  currency: p.currency(),
  footer: p.string(),
  automatic_tax: automaticTaxParam,
  default_tax_rates: p.arr(p.string({ nonEmpty: true })),
  expand: p.arr(p.string()),
};
const updateShape = {
  ...updatable(createShape, [
    'description',
    'metadata',
    'auto_advance',
    'days_until_due',
    'default_payment_method',
    'footer',
    'collection_method',
    'automatic_tax',
    'expand',
  ]),
  default_tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
};
const payShape = {
  payment_method: p.string(),
  paid_out_of_band: p.bool(),
  off_session: p.bool(),
  forgive: p.bool(),
  source: p.string(),
  expand: p.arr(p.string()),
};

function atFor(em: Emulator, invoice: Stripe.Invoice): number {
  return em.timeFor(typeof invoice.test_clock === 'string' ? invoice.test_clock : (invoice.test_clock?.id ?? null));
}

registerVirtualExpansion('invoice', 'payments', (db, invoice) => {
  const data = Array.from(db.invoicePayments.values()).filter((payment) => payment.invoice === invoice.id);
  return { object: 'list', data, has_more: false, url: `/v1/invoice_payments?invoice=${String(invoice.id)}` };
});

/** `expand[]=confirmation_secret`: the client secret of the invoice's payment intent (Stripe includes it only when asked). */
registerVirtualExpansion('invoice', 'confirmation_secret', (db, invoice): Stripe.Invoice.ConfirmationSecret | null => {
  const payment = db.invoicePayments.get(invoicePaymentId(String(invoice.id)));
  const piId = payment?.payment.payment_intent;
  const pi = piId ? db.paymentIntents.get(typeof piId === 'string' ? piId : piId.id) : undefined;
  return pi?.client_secret ? { client_secret: pi.client_secret, type: 'payment_intent' } : null;
});

/** An invoice's payment intent confirmed by the customer (new card, 3-D Secure) pays the invoice. */
function registerInvoicePaymentHook(em: Emulator): void {
  em.hooks.paymentIntentSucceeded.push((pi) => {
    for (const payment of em.db.invoicePayments.values()) {
      if (payment.payment.payment_intent !== pi.id || typeof payment.invoice !== 'string') continue;
      const invoice = em.db.invoices.get(payment.invoice);
      if (!invoice || invoice.status !== 'open') continue;
      const at = atFor(em, invoice);
      em.db.invoicePayments.put({
        ...payment,
        status: 'paid',
        amount_paid: pi.amount_received,
        status_transitions: { ...payment.status_transitions, paid_at: at },
      });
      markPaid(em, invoice, at, pi.id);
    }
  });
}

export function invoiceRoutes(r: Router, em: Emulator): void {
  registerInvoicePaymentHook(em);
  invoiceQueryRoutes(r);
  resourceRoutes(r, 'invoice', (db: Db) => db.invoices, {
    match: {
      customer: p.string(),
      status: p.enum(['draft', 'open', 'paid', 'uncollectible', 'void']),
      collection_method: p.enum(['charge_automatically', 'send_invoice']),
    },
    filters: { subscription: equals(p.string(), subscriptionIdOf) },
    search: {
      created: (inv) => inv.created,
      currency: (inv) => inv.currency,
      customer: (inv) => (typeof inv.customer === 'string' ? inv.customer : (inv.customer?.id ?? null)),
      number: (inv) => inv.number,
      status: (inv) => inv.status,
      subscription: subscriptionIdOf,
      total: (inv) => inv.total,
    },
    create: withBody(createShape, (em, input) => {
      const customer = getCustomer(em, input.customer);
      const sub = input.subscription !== undefined ? getSubscription(em, input.subscription, 'subscription') : null;
      if (input.collection_method === 'send_invoice' && input.days_until_due === undefined)
        throw invalidRequest('Missing required param: days_until_due.', 'days_until_due', 'parameter_missing');
      checkOneTaxSource(input.automatic_tax, [['default_tax_rates', input.default_tax_rates]]);
      return createInvoice(em, {
        ...(input.automatic_tax ? { automaticTax: input.automatic_tax.enabled } : {}),
        ...(input.default_tax_rates ? { defaultTaxRates: resolveTaxRates(em, input.default_tax_rates, 'default_tax_rates') } : {}),
        customer,
        subscription: sub,
        billingReason: sub ? 'subscription' : 'manual',
        collectionMethod: input.collection_method ?? 'charge_automatically',
        daysUntilDue: input.days_until_due ?? null,
        includePending: input.pending_invoice_items_behavior === 'include',
        at: em.timeFor(customer.test_clock),
        description: input.description ?? null,
        metadata: mergeMetadata({}, input.metadata),
        autoAdvance: input.auto_advance ?? false,
        defaultPaymentMethod: input.default_payment_method ?? null,
        ...(input.currency ? { currency: input.currency.toLowerCase() } : {}),
      });
    }),
    retrieve: (em, id) => getInvoice(em, id, 'id'),
    update: withId(updateShape, (em, id, input) => {
      const before = getInvoice(em, id, 'id');
      const draftOnly = (['days_until_due', 'collection_method', 'automatic_tax', 'default_tax_rates'] as const).find((key) => input[key] !== undefined);
      if (draftOnly && before.status !== 'draft') throw invalidRequest('You can only update this field on draft invoices.', draftOnly, 'invoice_not_editable');
      checkOneTaxSource(input.automatic_tax ?? before.automatic_tax, [['default_tax_rates', input.default_tax_rates ?? before.default_tax_rates]]);
      const customer = em.db.customers.get(customerIdOf(before));
      let after: Stripe.Invoice = {
        ...before,
        ...sentOrNull(input, ['description', 'default_payment_method']),
        ...sent(input, ['footer', 'collection_method']),
        ...(input.auto_advance !== undefined
          ? { auto_advance: input.auto_advance, automatically_finalizes_at: before.status === 'draft' && input.auto_advance ? before.created + 3600 : null }
          : {}),
        ...(input.days_until_due !== undefined ? { due_date: before.created + input.days_until_due * 86_400 } : {}),
        ...(input.automatic_tax !== undefined ? { automatic_tax: invoiceAutomaticTax(input.automatic_tax.enabled, customer) } : {}),
        ...(input.default_tax_rates !== undefined
          ? { default_tax_rates: input.default_tax_rates === '' ? [] : resolveTaxRates(em, input.default_tax_rates, 'default_tax_rates') }
          : {}),
        metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
      };
      if (input.automatic_tax !== undefined || input.default_tax_rates !== undefined)
        after = withTotals(after, retaxInvoice(em, after), usableBalance(customer, after.currency));
      return saveInvoice(em, before, after, 'invoice.updated', atFor(em, before));
    }),
    del: (em, id) => {
      const invoice = getInvoice(em, id, 'id');
      if (invoice.status !== 'draft') throw invalidRequest('You can only delete draft invoices.', undefined, 'invoice_not_editable');
      for (const ii of em.db.invoiceItems.values()) if (ii.invoice === invoice.id) em.db.invoiceItems.put({ ...ii, invoice: null });
      em.db.invoices.delete(invoice.id);
      em.emit('invoice.deleted', invoice);
      return { id: invoice.id, object: 'invoice', deleted: true };
    },
    actions: {
      finalize: withId({ auto_advance: p.bool(), expand: p.arr(p.string()) }, (em, id) => {
        const invoice = getInvoice(em, id, 'invoice');
        if (invoice.status === 'draft') checkTaxLocation(em, invoice);
        return finalizeInvoice(em, invoice.id, atFor(em, invoice));
      }),
      pay: withId(payShape, (em, id, input) => {
        const invoice = getInvoice(em, id, 'invoice');
        const at = atFor(em, invoice);
        if (invoice.status === 'draft') checkTaxLocation(em, invoice);
        const open = invoice.status === 'draft' ? finalizeInvoice(em, invoice.id, at) : invoice;
        if (open.status === 'paid') return open;
        if (open.status !== 'open') throw invalidRequest(`Invoice is already ${open.status ?? 'closed'}.`, undefined, 'invoice_not_editable');
        if (input.paid_out_of_band) return markPaid(em, open, at, null);
        const result = attemptInvoicePayment(em, open.id, at, {
          ...(input.payment_method !== undefined ? { paymentMethod: input.payment_method } : {}),
          offSession: input.off_session ?? true,
        });
        if (result.outcome === 'paid') return result.invoice;
        const error = result.paymentIntent?.last_payment_error;
        if (!error && result.outcome === 'failed')
          throw keepingChanges(
            invalidRequest('This customer has no attached payment source or default payment method.', undefined, 'invoice_no_payment_method_types'),
          );
        throw keepingChanges(
          cardError(
            error?.message ?? 'This payment requires additional user action before it can be completed.',
            error?.code ?? 'invoice_payment_intent_requires_action',
            error?.decline_code ?? null,
          ),
        );
      }),
      void: withId(expandShape, (em, id) => {
        const invoice = getInvoice(em, id, 'invoice');
        return voidInvoice(em, invoice.id, atFor(em, invoice));
      }),
      mark_uncollectible: withId(expandShape, (em, id) => {
        const invoice = getInvoice(em, id, 'invoice');
        return markUncollectible(em, invoice.id, atFor(em, invoice));
      }),
      send: withId(expandShape, (em, id) => {
        const invoice = getInvoice(em, id, 'invoice');
        em.emit('invoice.sent', invoice, { at: atFor(em, invoice) });
        return invoice;
      }),
    },
    lines: { object: 'line_item', of: (em, id) => getInvoice(em, id, 'invoice') },
  });
  // Hosted invoice page and PDF (no API key, like Stripe's hosted URLs).
  r.get(
    '/invoices/:id',
    (ctx) => {
      const invoice = getInvoice(ctx.em, pathId(ctx), 'id');
      return new Response(invoiceHtml(invoice), { headers: { 'content-type': 'text/html; charset=utf-8' } });
    },
    { public: true },
  );
  r.get(
    '/invoices/:id/pdf',
    (ctx) => {
      const invoice = getInvoice(ctx.em, pathId(ctx), 'id');
      return new Response(invoicePdf(invoice), {
        headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${invoice.number ?? invoice.id}.pdf"` },
      });
    },
    { public: true },
  );
}

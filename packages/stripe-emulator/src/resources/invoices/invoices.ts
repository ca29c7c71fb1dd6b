import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { addBalanceTransaction } from '../customers/balance.ts';
import { invoiceTaxIds } from '../customers/tax-ids.ts';
import { discountTotals } from '../discounts/discounts.ts';
import { automaticTaxStatus, requireAutomaticTaxLocation } from '../tax/compute.ts';
import { taxInvoiceLines, taxTotals } from '../tax/invoice-taxes.ts';
import { invoiceItemLine } from './lines.ts';

export function getInvoice(em: Emulator, id: string, param = 'invoice'): Stripe.Invoice {
  const invoice = em.db.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return invoice;
}

export const customerIdOf = (invoice: Stripe.Invoice): string => (typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? ''));
export const subscriptionIdOf = (invoice: Stripe.Invoice): string | null => {
  const sub = invoice.parent?.subscription_details?.subscription;
  return sub === undefined ? null : typeof sub === 'string' ? sub : sub.id;
};

export interface NewInvoice {
  customer: Stripe.Customer;
  subscription?: Stripe.Subscription | null;
  billingReason: Stripe.Invoice.BillingReason;
  collectionMethod?: Stripe.Invoice.CollectionMethod;
  daysUntilDue?: number | null;
  /** Lines computed by the caller (subscription items). Pending invoice items are added after them. */
  lines?: Stripe.InvoiceLineItem[];
  /** Pull the customer's pending invoice items in (those of this subscription, or of none). */
  includePending?: boolean;
  period?: { start: number; end: number };
  at: number;
  currency?: string;
  description?: string | null;
  metadata?: Stripe.Metadata;
  autoAdvance?: boolean;
  defaultPaymentMethod?: string | null;
  prorationDate?: number;
  /** Automatic tax (default: the subscription's setting). */
  automaticTax?: boolean;
  /** The invoice's `default_tax_rates` (default: the subscription's). */
  defaultTaxRates?: Stripe.TaxRate[];
}

/** An invoice's automatic tax hash: enabled, and whether the customer's location allows computing it. */
export function invoiceAutomaticTax(enabled: boolean, customer: Stripe.Customer | undefined): Stripe.Invoice.AutomaticTax {
  return enabled
    ? { disabled_reason: null, enabled: true, liability: { type: 'self' }, provider: 'stripe', status: automaticTaxStatus(customer) }
    : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null };
}

/** Finalizing by request with automatic tax needs the customer's location (automatic finalization disables the tax instead). */
export function checkTaxLocation(em: Emulator, invoice: Stripe.Invoice): void {
  if (invoice.automatic_tax.enabled) requireAutomaticTaxLocation(em.db.customers.get(customerIdOf(invoice)), ' and finalize again');
}

/** Recomputes an invoice's line taxes (the customer's location may have changed since its draft was made). */
export function retaxInvoice(em: Emulator, invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[] = invoice.lines.data): Stripe.InvoiceLineItem[] {
  const customer = em.db.customers.get(customerIdOf(invoice));
  return taxInvoiceLines(em, lines, { automatic: invoice.automatic_tax.enabled, defaultRates: invoice.default_tax_rates, customer });
}

/** Sums lines (their discounts and taxes) into the invoice totals, applying the customer's credit balance. */
export function withTotals(invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[], balance: number): Stripe.Invoice {
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
  const discount = discountTotals(lines);
  const taxes = taxTotals(lines);
  const total = subtotal - discount.amount + taxes.exclusive;
  let amountDue = total;
  let ending = balance;
  if (total < 0) {
    amountDue = 0;
    ending = balance + total;
  } else if (balance < 0) {
    const applied = Math.min(total, -balance);
    amountDue = total - applied;
    ending = balance + applied;
  } else if (balance > 0) {
    amountDue = total + balance;
    ending = 0;
  }
  return {
    ...invoice,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` },
    subtotal,
    subtotal_excluding_tax: subtotal - taxes.inclusive,
    total,
    total_excluding_tax: total - taxes.exclusive - taxes.inclusive,
    total_taxes: taxes.total_taxes,
    discounts: discount.discounts,
    total_discount_amounts: discount.total_discount_amounts,
    amount_due: amountDue,
    amount_remaining: amountDue - invoice.amount_paid,
    starting_balance: balance,
    ending_balance: invoice.status === 'draft' ? null : ending,
  };
}

/** Creates a draft invoice (emits `invoice.created`). */
export function createInvoice(em: Emulator, input: NewInvoice): Stripe.Invoice {
  const id = em.ids.next('in');
  const sub = input.subscription ?? null;
  const subLines = (input.lines ?? []).map((line) => ({ ...line, invoice: id }));
  const pending: Stripe.InvoiceLineItem[] = [];
  if (input.includePending) {
    for (const ii of em.db.invoiceItems.values()) {
      if (ii.invoice !== null || ii.customer !== input.customer.id) continue;
      const iiSub = ii.parent?.subscription_details?.subscription ?? null;
      if (iiSub !== null && iiSub !== sub?.id) continue;
      em.db.invoiceItems.put({ ...ii, invoice: id });
      pending.push({ ...invoiceItemLine(em, ii), invoice: id });
    }
  }
  let lines = [...subLines, ...pending];
  const currency = input.currency ?? sub?.currency ?? lines[0]?.currency ?? input.customer.currency ?? 'usd';
  const context = {
    customer: input.customer,
    subscription: sub,
    billingReason: input.billingReason,
    period: input.period ?? { start: input.at, end: input.at },
    at: input.at,
    currency,
  };
  for (const hook of em.hooks.invoiceLines) lines = hook(lines, context);
  const automaticTax = input.automaticTax ?? sub?.automatic_tax.enabled ?? false;
  const defaultTaxRates = input.defaultTaxRates ?? sub?.default_tax_rates ?? [];
  lines = taxInvoiceLines(em, lines, { automatic: automaticTax, defaultRates: defaultTaxRates, customer: input.customer });
  const collection = input.collectionMethod ?? sub?.collection_method ?? 'charge_automatically';
  const autoAdvance = input.autoAdvance ?? true;
  const period = input.period ?? { start: input.at, end: input.at };
  const draft: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe Emulator',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: autoAdvance,
    automatic_tax: invoiceAutomaticTax(automaticTax, input.customer),
    automatically_finalizes_at: autoAdvance ? input.at + 3600 : null,
    billing_reason: input.billingReason,
    collection_method: collection,
    created: input.at,
    currency,
    custom_fields: null,
    customer: input.customer.id,
    customer_account: null,
    customer_address: input.customer.address ?? null,
    customer_email: input.customer.email,
    customer_name: input.customer.name ?? null,
    customer_phone: input.customer.phone ?? null,
    customer_shipping: input.customer.shipping,
    customer_tax_exempt: input.customer.tax_exempt ?? 'none',
    customer_tax_ids: invoiceTaxIds(em, input.customer.id),
    default_payment_method: input.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: input.description ?? null,
    discounts: [],
    due_date: collection === 'send_invoice' ? input.at + (input.daysUntilDue ?? sub?.days_until_due ?? 30) * 86_400 : null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: input.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: {
            metadata: sub.metadata,
            subscription: sub.id,
            ...(input.prorationDate !== undefined ? { subscription_proration_date: input.prorationDate } : {}),
          },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: period.end,
    period_start: period.start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: input.customer.test_clock ?? null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: input.at,
  };
  const invoice = withTotals(draft, lines, usableBalance(input.customer, currency));
  em.db.invoices.put(invoice);
  em.emit('invoice.created', invoice, { at: input.at });
  return invoice;
}

/** The one way an invoice changes after creation: writes it and emits `type` with what changed. */
export function saveInvoice(
  em: Emulator,
  before: Stripe.Invoice,
  after: Stripe.Invoice,
  type:
    | 'invoice.updated'
    | 'invoice.finalized'
    | 'invoice.paid'
    | 'invoice.payment_succeeded'
    | 'invoice.payment_failed'
    | 'invoice.payment_action_required'
    | 'invoice.voided'
    | 'invoice.marked_uncollectible',
  at: number,
): Stripe.Invoice {
  em.db.invoices.put(after);
  em.emit(type, after, { previous: previousAttributes(before, after), at });
  return after;
}

/** The balance an invoice uses: the customer's, when it is kept in the invoice's currency (or none yet). */
export function usableBalance(customer: Stripe.Customer | undefined, currency: string): number {
  if (!customer) return 0;
  return !customer.currency || customer.currency === currency ? customer.balance : 0;
}

/**
 * Draft -> open: numbers it from the customer's `invoice_prefix` and `next_invoice_sequence`
 * (`PREFIX-0001`), applies the customer's balance (a balance transaction), serves the hosted page and PDF.
 */
export function finalizeInvoice(em: Emulator, id: string, at: number): Stripe.Invoice {
  const before = getInvoice(em, id);
  if (before.status !== 'draft')
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, 'invoice_not_editable');
  const customer = em.db.customers.get(customerIdOf(before));
  const balance = usableBalance(customer, before.currency);
  // Finalizing takes the customer's details and taxes as they are now.
  let automaticTax = invoiceAutomaticTax(before.automatic_tax.enabled, customer);
  if (automaticTax.status === 'requires_location_inputs')
    automaticTax = { ...automaticTax, enabled: false, disabled_reason: 'finalization_requires_location_inputs', status: null };
  const snapshot: Stripe.Invoice = {
    ...before,
    status: 'open',
    automatic_tax: automaticTax,
    ...(customer
      ? {
          customer_address: customer.address ?? null,
          customer_email: customer.email,
          customer_name: customer.name ?? null,
          customer_phone: customer.phone ?? null,
          customer_shipping: customer.shipping,
          customer_tax_exempt: customer.tax_exempt ?? 'none',
          customer_tax_ids: invoiceTaxIds(em, customer.id),
        }
      : {}),
  };
  const totals = withTotals(snapshot, retaxInvoice(em, snapshot), balance);
  let number = before.number;
  if (customer) {
    const sequence = customer.next_invoice_sequence ?? 1;
    number = `${customer.invoice_prefix ?? 'EMU'}-${String(sequence).padStart(4, '0')}`;
    let next: Stripe.Customer = { ...customer, next_invoice_sequence: sequence + 1 };
    if (totals.ending_balance !== null && totals.ending_balance !== balance) {
      next = addBalanceTransaction(em, next, {
        amount: totals.ending_balance - balance,
        currency: before.currency,
        type: 'applied_to_invoice',
        invoice: id,
        at,
      }).customer;
      em.db.customers.put(next);
      em.emit('customer.updated', next, { previous: { balance: customer.balance }, at });
    } else {
      // The sequence moves silently, as Stripe's does (no customer.updated).
      em.db.customers.put(next);
    }
  }
  const after: Stripe.Invoice = {
    ...totals,
    number,
    automatically_finalizes_at: null,
    effective_at: at,
    hosted_invoice_url: `${em.publicUrl}/invoices/${id}`,
    invoice_pdf: `${em.publicUrl}/invoices/${id}/pdf`,
    status_transitions: { ...before.status_transitions, finalized_at: at },
  };
  saveInvoice(em, before, after, 'invoice.finalized', at);
  if (after.amount_due === 0) return markPaid(em, after, at, null);
  return after;
}

/** Open -> paid (by a payment, out of band, or because nothing is due). */
export function markPaid(em: Emulator, before: Stripe.Invoice, at: number, paymentIntent: string | null): Stripe.Invoice {
  const after: Stripe.Invoice = {
    ...before,
    status: 'paid',
    amount_paid: before.amount_due,
    amount_remaining: 0,
    attempted: before.attempted || paymentIntent !== null,
    next_payment_attempt: null,
    status_transitions: { ...before.status_transitions, paid_at: at },
  };
  saveInvoice(em, before, after, 'invoice.paid', at);
  em.emit('invoice.payment_succeeded', after, { at });
  for (const hook of em.hooks.invoicePaymentAttempted) hook(after, 'paid');
  return after;
}

export function voidInvoice(em: Emulator, id: string, at: number): Stripe.Invoice {
  const before = getInvoice(em, id);
  if (before.status !== 'open' && before.status !== 'uncollectible')
    throw invalidRequest(`You can only pass in open or uncollectible invoices.`, undefined, 'invoice_not_editable');
  const after: Stripe.Invoice = {
    ...before,
    status: 'void',
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...before.status_transitions, voided_at: at },
  };
  return saveInvoice(em, before, after, 'invoice.voided', at);
}

export function markUncollectible(em: Emulator, id: string, at: number): Stripe.Invoice {
  const before = getInvoice(em, id);
  if (before.status !== 'open') throw invalidRequest(`You can only mark open invoices as uncollectible.`, undefined, 'invoice_not_editable');
  const after: Stripe.Invoice = {
    ...before,
    status: 'uncollectible',
    next_payment_attempt: null,
    status_transitions: { ...before.status_transitions, marked_uncollectible_at: at },
  };
  return saveInvoice(em, before, after, 'invoice.marked_uncollectible', at);
}

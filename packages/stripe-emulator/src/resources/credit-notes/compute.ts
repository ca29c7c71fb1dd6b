import Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { getInvoice } from '../invoices/invoices.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { lineTax, taxesFor } from '../tax/compute.ts';

export interface CreditNoteLineInput {
  type: 'invoice_line_item' | 'custom_line_item';
  invoice_line_item?: string;
  quantity?: number;
  amount?: number;
  unit_amount?: number;
  description?: string;
  tax_rates?: string[] | '';
  metadata?: Record<string, string> | '';
}

export interface CreditNoteInput {
  invoice: string;
  lines?: CreditNoteLineInput[];
  amount?: number;
  credit_amount?: number;
  refund_amount?: number;
  out_of_band_amount?: number;
  memo?: string;
  metadata?: Record<string, string> | '';
  reason?: 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory';
  effective_at?: number;
}

/** A credit note as it would be issued, before anything it causes (refund, balance credit, invoice change). */
export interface CreditNoteDraft {
  invoice: Stripe.Invoice;
  note: Stripe.CreditNote;
  prePayment: number;
  postPayment: number;
}

const dec = (n: number): Stripe.Decimal => Stripe.Decimal.from(String(n));

/** What earlier (not voided) credit notes already took from an invoice, in all and per invoice line. */
function alreadyCredited(em: Emulator, invoiceId: string): { total: number; byLine: Map<string, number> } {
  let total = 0;
  const byLine = new Map<string, number>();
  for (const note of em.db.creditNotes.values()) {
    if (note.invoice !== invoiceId || note.status === 'void') continue;
    total += note.total;
    for (const line of note.lines.data) if (line.invoice_line_item) byLine.set(line.invoice_line_item, (byLine.get(line.invoice_line_item) ?? 0) + line.amount);
  }
  return { total, byLine };
}

/** One credit note line: a share of an invoice line (its discounts and taxes in proportion), or a custom line. */
function buildLine(em: Emulator, invoice: Stripe.Invoice, input: CreditNoteLineInput, i: number, credited: Map<string, number>): Stripe.CreditNoteLineItem {
  const param = `lines[${i}]`;
  const base = {
    id: em.ids.next('cnli'),
    object: 'credit_note_line_item' as const,
    livemode: false,
    metadata: initialMetadata(input.metadata),
    pretax_credit_amounts: [],
  };
  if (input.type === 'custom_line_item') {
    if (input.unit_amount === undefined) throw invalidRequest(`Missing required param: ${param}[unit_amount].`, `${param}[unit_amount]`, 'parameter_missing');
    if (input.description === undefined) throw invalidRequest(`Missing required param: ${param}[description].`, `${param}[description]`, 'parameter_missing');
    const quantity = input.quantity ?? 1;
    const amount = input.unit_amount * quantity;
    const rates = input.tax_rates ? resolveTaxRates(em, input.tax_rates, `${param}[tax_rates]`) : [];
    return {
      ...base,
      amount,
      description: input.description,
      discount_amount: 0,
      discount_amounts: [],
      quantity,
      tax_rates: rates,
      taxes: taxesFor(amount, rates).map(lineTax),
      type: 'custom_line_item',
      unit_amount: input.unit_amount,
      unit_amount_decimal: dec(input.unit_amount),
    };
  }
  if (input.invoice_line_item === undefined)
    throw invalidRequest(`Missing required param: ${param}[invoice_line_item].`, `${param}[invoice_line_item]`, 'parameter_missing');
  const line = invoice.lines.data.find((l) => l.id === input.invoice_line_item);
  if (!line)
    throw invalidRequest(`No invoice line item '${input.invoice_line_item}' on invoice ${invoice.id}.`, `${param}[invoice_line_item]`, 'resource_missing');
  if (input.amount !== undefined && input.quantity !== undefined)
    throw invalidRequest(`You may only specify one of these parameters: ${param}[amount], ${param}[quantity].`, `${param}[amount]`);
  const lineQuantity = line.quantity ?? 1;
  if (input.quantity !== undefined && input.quantity > lineQuantity)
    throw invalidRequest(`The quantity to credit (${input.quantity}) is more than the invoice line's quantity (${lineQuantity}).`, `${param}[quantity]`);
  const amount = input.amount ?? (input.quantity !== undefined ? Math.round((line.amount * input.quantity) / Math.max(1, lineQuantity)) : line.amount);
  const left = line.amount - (credited.get(line.id) ?? 0);
  if (amount > left)
    throw invalidRequest(
      `The amount to credit (${amount}) is more than what is left to credit on this invoice line (${left}).`,
      `${param}[${input.amount !== undefined ? 'amount' : 'quantity'}]`,
      'credit_note_amount_too_large',
    );
  const share = line.amount === 0 ? 0 : amount / line.amount;
  const discountAmounts = (line.discount_amounts ?? []).map((d) => ({ amount: Math.round(d.amount * share), discount: d.discount }));
  const taxes: Stripe.CreditNoteLineItem.Tax[] = (line.taxes ?? []).map((tax) => ({
    ...tax,
    amount: Math.round(tax.amount * share),
    taxable_amount: tax.taxable_amount === null ? null : Math.round(tax.taxable_amount * share),
  }));
  const rates = (line.taxes ?? [])
    .map((tax) => (tax.tax_rate_details ? em.db.taxRates.get(tax.tax_rate_details.tax_rate) : undefined))
    .filter((r): r is Stripe.TaxRate => r !== undefined);
  const quantity = input.quantity ?? (amount === line.amount ? line.quantity : null);
  return {
    ...base,
    amount,
    description: line.description,
    discount_amount: discountAmounts.reduce((s, d) => s + d.amount, 0),
    discount_amounts: discountAmounts,
    invoice_line_item: line.id,
    quantity,
    tax_rates: rates,
    taxes,
    type: 'invoice_line_item',
    unit_amount: quantity ? Math.round(amount / quantity) : null,
    unit_amount_decimal: quantity ? dec(Math.round(amount / quantity)) : null,
  };
}

/**
 * Computes a credit note for an open or paid invoice: its lines (or one line for `amount`), totals
 * after discounts and with taxes, and how it splits: first against what the invoice still owes
 * (`pre_payment_amount`), the rest (`post_payment_amount`) as refund + customer balance credit +
 * out of band, which must add up to it exactly.
 */
export function draftCreditNote(em: Emulator, input: CreditNoteInput, id: string, at: number): CreditNoteDraft {
  const invoice = getInvoice(em, input.invoice, 'invoice');
  if (invoice.status !== 'open' && invoice.status !== 'paid')
    throw invalidRequest(
      `Credit notes can only be issued for open or paid invoices; invoice ${invoice.id} is ${invoice.status ?? 'a draft'}.`,
      'invoice',
      'invoice_not_editable',
    );
  const previous = alreadyCredited(em, invoice.id);
  let lines: Stripe.CreditNoteLineItem[];
  if (input.lines && input.lines.length > 0) lines = input.lines.map((line, i) => buildLine(em, invoice, line, i, previous.byLine));
  else if (input.amount !== undefined)
    lines = [buildLine(em, invoice, { type: 'custom_line_item', unit_amount: input.amount, description: 'Credit', quantity: 1 }, 0, previous.byLine)];
  else throw invalidRequest('You must provide `lines` or `amount` to say what the credit note credits.', 'lines', 'parameter_missing');
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const discount = lines.reduce((s, l) => s + l.discount_amount, 0);
  const taxes = lines.flatMap((l) => l.taxes ?? []);
  const exclusive = taxes.filter((t) => t.tax_behavior === 'exclusive').reduce((s, t) => s + t.amount, 0);
  const allTax = taxes.reduce((s, t) => s + t.amount, 0);
  const total = subtotal - discount + exclusive;
  if (input.amount !== undefined && input.lines && input.lines.length > 0 && input.amount !== total)
    throw invalidRequest(`The credit note amount (${input.amount}) does not equal the total of its lines (${total}).`, 'amount');
  if (total <= 0) throw invalidRequest('A credit note must credit a positive amount.', input.lines?.length ? 'lines' : 'amount');
  const creditable = invoice.total - previous.total;
  if (total > creditable)
    throw invalidRequest(
      `The credit note total (${total}) is more than is left to credit on the invoice (${creditable}).`,
      input.lines?.length ? 'lines' : 'amount',
      'credit_note_amount_too_large',
    );
  const prePayment = Math.min(total, invoice.amount_remaining);
  const postPayment = total - prePayment;
  const refund = input.refund_amount ?? 0;
  const credit = input.credit_amount ?? 0;
  const outOfBand = input.out_of_band_amount ?? 0;
  if (refund + credit + outOfBand !== postPayment) {
    throw invalidRequest(
      postPayment === 0
        ? `This credit note reduces what the invoice still owes (${prePayment}); refund_amount, credit_amount and out_of_band_amount must be 0.`
        : `refund_amount (${refund}) + credit_amount (${credit}) + out_of_band_amount (${outOfBand}) must equal the credit note's post-payment amount (${postPayment}).`,
      refund > 0 ? 'refund_amount' : credit > 0 ? 'credit_amount' : 'out_of_band_amount',
    );
  }
  const sequence = em.db.creditNotes.newestFirst().filter((n) => n.invoice === invoice.id).length + 1;
  const totalTaxes: Stripe.CreditNote.TotalTax[] = taxes.map((t) => ({ ...t }));
  const note: Stripe.CreditNote = {
    id,
    object: 'credit_note',
    amount: total,
    amount_shipping: 0,
    created: at,
    currency: invoice.currency,
    customer: typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? ''),
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: discount,
    discount_amounts: lines.flatMap((l) => l.discount_amounts),
    effective_at: input.effective_at ?? at,
    invoice: invoice.id,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: input.memo ?? null,
    metadata: initialMetadata(input.metadata),
    number: `${invoice.number ?? invoice.id}-CN-${String(sequence).padStart(2, '0')}`,
    out_of_band_amount: input.out_of_band_amount ?? null,
    pdf: `${em.publicUrl}/credit_notes/${id}/pdf`,
    post_payment_amount: postPayment,
    pre_payment_amount: prePayment,
    pretax_credit_amounts: [],
    reason: input.reason ?? null,
    refunds: [],
    shipping_cost: null,
    status: 'issued',
    subtotal,
    subtotal_excluding_tax: subtotal - (allTax - exclusive),
    total,
    total_excluding_tax: total - allTax,
    total_taxes: totalTaxes,
    type: prePayment === 0 ? 'post_payment' : postPayment === 0 ? 'pre_payment' : 'mixed',
    voided_at: null,
  };
  return { invoice, note, prePayment, postPayment };
}

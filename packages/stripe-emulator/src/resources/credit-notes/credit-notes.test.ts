import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('credit notes', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });

  /** A customer and an invoice with two items (3 × 1000 and 500), finalized; paid unless asked not to. */
  async function invoiceFor(options: { pay: boolean; card?: string; taxRate?: string }): Promise<Stripe.Invoice> {
    const customer = await t.stripe.customers.create({ payment_method: options.card ?? 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const draft = await t.stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 30,
      ...(options.taxRate ? { default_tax_rates: [options.taxRate] } : {}),
    });
    const product = await t.stripe.products.create({ name: 'Seats' });
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1000, product: product.id });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: price.id }, quantity: 3 });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 500, currency: 'usd', description: 'Setup' });
    const open = await t.stripe.invoices.finalizeInvoice(draft.id);
    return options.pay ? t.stripe.invoices.pay(open.id, { payment_method: pm.id }) : open;
  }

  it('credits an open invoice before payment: it owes less, and is paid once it owes nothing', async () => {
    const invoice = await invoiceFor({ pay: false });
    expect(invoice).toMatchObject({ status: 'open', amount_due: 3500 });
    const seats = invoice.lines.data.find((l) => l.quantity === 3)!;
    const preview = await t.stripe.creditNotes.preview({
      invoice: invoice.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }],
    });
    expect(preview).toMatchObject({ total: 1000, pre_payment_amount: 1000, type: 'pre_payment' });
    expect(
      (
        await t.stripe.creditNotes.listPreviewLineItems({
          invoice: invoice.id,
          lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }],
        })
      ).data[0],
    ).toMatchObject({ amount: 1000, quantity: 1 });
    expect(t.emulator.emulator.db.creditNotes.size).toBe(0);

    const note = await t.stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }],
      reason: 'order_change',
      memo: 'One seat removed',
    });
    expect(note).toMatchObject({
      object: 'credit_note',
      id: expect.stringMatching(/^cn_/) as unknown,
      status: 'issued',
      total: 1000,
      subtotal: 1000,
      pre_payment_amount: 1000,
      post_payment_amount: 0,
      type: 'pre_payment',
      reason: 'order_change',
      memo: 'One seat removed',
      number: `${invoice.number}-CN-01`,
    });
    expect(note.lines.data[0]).toMatchObject({
      object: 'credit_note_line_item',
      type: 'invoice_line_item',
      invoice_line_item: seats.id,
      amount: 1000,
      quantity: 1,
      unit_amount: 1000,
    });
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({
      status: 'open',
      amount_due: 2500,
      amount_remaining: 2500,
      pre_payment_credit_notes_amount: 1000,
    });
    const rest = await t.stripe.creditNotes.create({ invoice: invoice.id, amount: 2500 });
    expect(rest).toMatchObject({
      total: 2500,
      number: `${invoice.number}-CN-02`,
      lines: { data: [expect.objectContaining({ type: 'custom_line_item', amount: 2500 })] },
    });
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({
      status: 'paid',
      amount_remaining: 0,
      amount_paid: 0,
      pre_payment_credit_notes_amount: 3500,
    });
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .slice(0, 2)
      .map((e) => e.type);
    expect(types).toEqual(['credit_note.created', 'invoice.paid']);
    const pdf = await fetch(rest.pdf);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await t.stripe.creditNotes.list({ invoice: invoice.id })).data.map((n) => n.id)).toEqual([rest.id, note.id]);
  });

  it('credits a paid invoice with a refund and a balance credit, taxes in proportion, and voids one without a refund', async () => {
    const rate = await t.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const invoice = await invoiceFor({ pay: true, taxRate: rate.id });
    expect(invoice).toMatchObject({ status: 'paid', total: 4200, amount_paid: 4200 });
    const setup = invoice.lines.data.find((l) => l.description === 'Setup')!;
    const seats = invoice.lines.data.find((l) => l.quantity === 3)!;
    const refunded = await t.stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: setup.id }],
      refund_amount: 600,
    });
    expect(refunded).toMatchObject({
      subtotal: 500,
      total: 600,
      total_excluding_tax: 500,
      post_payment_amount: 600,
      pre_payment_amount: 0,
      type: 'post_payment',
    });
    expect(refunded.total_taxes).toEqual([expect.objectContaining({ amount: 100, tax_rate_details: { tax_rate: rate.id } })]);
    expect(refunded.refunds).toEqual([expect.objectContaining({ amount_refunded: 600, type: 'refund' })]);
    const refund = await t.stripe.refunds.retrieve(refunded.refunds[0]!.refund as string);
    expect(refund).toMatchObject({ amount: 600, status: 'succeeded', metadata: { credit_note: refunded.id } });

    const credited = await t.stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, amount: 1000 }],
      credit_amount: 1000,
      out_of_band_amount: 200,
    });
    expect(credited).toMatchObject({ total: 1200, customer_balance_transaction: expect.stringMatching(/^cbtxn_/) as unknown });
    const customer = invoice.customer as string;
    expect(await t.stripe.customers.retrieve(customer)).toMatchObject({ balance: -1000 });
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ post_payment_credit_notes_amount: 1800, status: 'paid' });

    const voided = await t.stripe.creditNotes.voidCreditNote(credited.id);
    expect(voided).toMatchObject({ status: 'void', voided_at: NOW / 1000 });
    expect(await t.stripe.customers.retrieve(customer)).toMatchObject({ balance: 0 });
    expect(await t.stripe.invoices.retrieve(invoice.id)).toMatchObject({ post_payment_credit_notes_amount: 600 });
    expect(await rejectionOf(t.stripe.creditNotes.voidCreditNote(refunded.id))).toMatchObject({ statusCode: 400 });
    const memo = await t.stripe.creditNotes.update(refunded.id, { memo: 'Setup waived', metadata: { ticket: 'T-1' } });
    expect(memo).toMatchObject({ memo: 'Setup waived', metadata: { ticket: 'T-1' } });
    expect((await t.stripe.creditNotes.listLineItems(refunded.id)).data).toHaveLength(1);
  });

  it('refuses credit notes that do not add up, exceed the invoice, or name bad input, keeping nothing', async () => {
    const paid = await invoiceFor({ pay: true });
    const seats = paid.lines.data.find((l) => l.quantity === 3)!;
    const notes = t.emulator.emulator.db.creditNotes.size;
    const refunds = t.emulator.emulator.db.refunds.size;
    const cases: [Stripe.CreditNoteCreateParams, string][] = [
      [{ invoice: paid.id, amount: 500 }, 'out_of_band_amount'],
      [{ invoice: paid.id, amount: 500, refund_amount: 400 }, 'refund_amount'],
      [{ invoice: paid.id, amount: 5000, credit_amount: 5000 }, 'amount'],
      [{ invoice: paid.id, credit_amount: 500 }, 'lines'],
      [{ invoice: paid.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 4 }], credit_amount: 4000 }, 'lines[0][quantity]'],
      [{ invoice: paid.id, lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_missing' }], credit_amount: 1 }, 'lines[0][invoice_line_item]'],
      [{ invoice: paid.id, lines: [{ type: 'custom_line_item', description: 'x' }], credit_amount: 1 }, 'lines[0][unit_amount]'],
      [{ invoice: paid.id, lines: [{ type: 'bogus' }] }, 'lines[0][type]'],
      [{ invoice: paid.id, amount: 100, out_of_band_amount: 100, colour: 'red' } as Stripe.CreditNoteCreateParams, 'colour'],
      [{ invoice: paid.id, amount: 'ten' as unknown as number }, 'amount'],
    ];
    for (const [params, param] of cases) {
      const error = await rejectionOf(t.stripe.creditNotes.create(params));
      expect({ status: error.statusCode, param: error.param }).toEqual({ status: 400, param });
    }
    expect(await rejectionOf(t.stripe.creditNotes.create({ invoice: 'in_missing', amount: 1 }))).toMatchObject({ statusCode: 404, param: 'invoice' });
    const draft = await t.stripe.invoices.create({ customer: paid.customer as string });
    expect(await rejectionOf(t.stripe.creditNotes.create({ invoice: draft.id, amount: 1 }))).toMatchObject({ statusCode: 400, param: 'invoice' });
    expect(await rejectionOf(t.stripe.creditNotes.retrieve('cn_missing'))).toMatchObject({ statusCode: 404 });
    expect(t.emulator.emulator.db.creditNotes.size).toBe(notes);
    expect(t.emulator.emulator.db.refunds.size).toBe(refunds);
    expect(await t.stripe.invoices.retrieve(paid.id)).toMatchObject({ post_payment_credit_notes_amount: 0, pre_payment_credit_notes_amount: 0 });
  });
});

import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { recurringPrices } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('subscriptions and invoices through the official SDK', () => {
  const t = suiteEmulator();
  let monthly: Stripe.Price;
  let premium: Stripe.Price;
  let yearly: Stripe.Price;
  beforeAll(async () => {
    ({ monthly, premium, yearly } = await recurringPrices(t.stripe, 'Pro', { monthly: 1000, premium: 3000, yearly: [10000, 'year'] }));
  });

  async function customerWith(pm: string | null): Promise<Stripe.Customer> {
    const customer = await t.stripe.customers.create({ email: `sub-${Math.random()}@example.com` });
    if (pm === null) return customer;
    const attached = await t.stripe.paymentMethods.attach(pm, { customer: customer.id });
    return t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  }

  it('creates an active subscription paid by the default card, with periods on the items', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id, quantity: 2 }], expand: ['latest_invoice'] });
    expect(sub.status).toBe('active');
    const item = sub.items.data[0]!;
    expect(item.id).toMatch(/^si_/);
    expect(item.quantity).toBe(2);
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * 86_400);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 2000, amount_paid: 2000, billing_reason: 'subscription_create' });
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice.lines.data[0]).toMatchObject({ amount: 2000, quantity: 2 });
    const payments = await t.stripe.invoicePayments.list({ invoice: invoice.id });
    expect(payments.data[0]).toMatchObject({ status: 'paid', amount_paid: 2000, invoice: invoice.id });
    const pi = await t.stripe.paymentIntents.retrieve(payments.data[0]!.payment.payment_intent as string);
    expect(pi).toMatchObject({ status: 'succeeded', amount: 2000, customer: customer.id });
    const page = await fetch(invoice.hosted_invoice_url!);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain(invoice.number!);
    const pdf = Buffer.from(await (await fetch(invoice.invoice_pdf!)).arrayBuffer()).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const xrefAt = Number(pdf.slice(pdf.lastIndexOf('startxref') + 10).split('\n')[0]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const events = t.emulator.emulator.db.events.newestFirst().map((e) => e.type);
    for (const type of [
      'customer.subscription.created',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'payment_intent.succeeded',
    ])
      expect(events).toContain(type);
  });

  it('starts trials without charging, and honours trial_end', async () => {
    const customer = await customerWith(null);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], trial_period_days: 14 });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end! - sub.trial_start!).toBe(14 * 86_400);
    expect(sub.items.data[0]!.current_period_end).toBe(sub.trial_end);
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'paid', amount_due: 0 });
  });

  it('handles payment_behavior with declining cards', async () => {
    const customer = await customerWith('pm_card_chargeCustomerFail');
    const incomplete = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    expect(incomplete.status).toBe('incomplete');
    const invoice = await t.stripe.invoices.retrieve(incomplete.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1 });
    const before = (await t.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length;
    const refused = await rejectionOf(
      t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], payment_behavior: 'error_if_incomplete' }),
    );
    expect(refused).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(refused).toMatchObject({ statusCode: 402, decline_code: 'generic_decline' });
    expect((await t.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length).toBe(before);
    const deferred = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], payment_behavior: 'default_incomplete' });
    expect(deferred.status).toBe('incomplete');
    const secure = await customerWith('pm_card_authenticationRequired');
    const needsAction = await t.stripe.subscriptions.create({ customer: secure.id, items: [{ price: monthly.id }], expand: ['latest_invoice.payments'] });
    expect(needsAction.status).toBe('incomplete');
  });

  it('updates prices with create_prorations, none and always_invoice; previews a plan change', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const item = sub.items.data[0]!;
    const half = item.current_period_start + Math.floor((item.current_period_end - item.current_period_start) / 2);
    const preview = await t.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: premium.id }], proration_date: half },
    });
    const prorations = preview.lines.data.filter((line) => line.parent?.invoice_item_details?.proration);
    expect(prorations.map((line) => line.amount).sort((a, b) => a - b)).toEqual([-500, 1500]);
    expect(preview.lines.data.some((line) => line.amount === 3000)).toBe(true);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);

    const updated = await t.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: premium.id }], proration_date: half });
    expect(updated.items.data[0]!.price.id).toBe(premium.id);
    const pending = await t.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect(pending.data.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([-500, 1500]);
    expect(pending.data.every((ii) => ii.proration && ii.parent?.subscription_details?.subscription === sub.id)).toBe(true);

    const quiet = await t.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 3 }], proration_behavior: 'none' });
    expect(quiet.items.data[0]!.quantity).toBe(3);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(2);

    const invoiced = await t.stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: monthly.id, quantity: 1 }],
      proration_behavior: 'always_invoice',
      proration_date: half,
      expand: ['latest_invoice'],
    });
    const invoice = invoiced.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' });
    expect(invoice.lines.data.length).toBe(4);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);

    const fresh = await customerWith('pm_card_visa');
    const first = await t.stripe.invoices.createPreview({ customer: fresh.id, subscription_details: { items: [{ price: premium.id, quantity: 2 }] } });
    expect(first).toMatchObject({ status: 'draft', amount_due: 6000, billing_reason: 'subscription_create' });
    expect((await t.stripe.subscriptions.list({ customer: fresh.id, status: 'all' })).data).toEqual([]);
    expect((await t.stripe.paymentIntents.list({ customer: fresh.id })).data).toEqual([]);

    const annual = await t.stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: yearly.id }] });
    expect(annual.items.data[0]!.current_period_end - annual.items.data[0]!.current_period_start).toBeGreaterThanOrEqual(365 * 86_400);
  });

  it('cancels at period end, cancels now with prorate and invoice_now, and searches', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], metadata: { team: 'search-me' } });
    const scheduled = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(scheduled).toMatchObject({ cancel_at_period_end: true, cancel_at: sub.items.data[0]!.current_period_end, status: 'active' });
    const resumed = await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at).toBeNull();
    const found = await t.stripe.subscriptions.search({ query: "metadata['team']:'search-me' AND status:'active'" });
    expect(found.data.map((s) => s.id)).toEqual([sub.id]);
    const canceled = await t.stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    expect(canceled.status).toBe('canceled');
    expect(canceled.ended_at).not.toBeNull();
    const final = await t.stripe.invoices.retrieve(canceled.latest_invoice as string);
    expect(final.total).toBeLessThan(0);
    const refreshed = await t.stripe.customers.retrieve(customer.id);
    expect(!refreshed.deleted && refreshed.balance).toBe(final.total);
    expect((await t.stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await t.stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data).toHaveLength(1);
    expect(await rejectionOf(t.stripe.subscriptions.update(sub.id, { description: 'x' }))).toMatchObject({ statusCode: 400 });
  });

  it('runs the invoice lifecycle by hand: draft, items, finalize, pay, void, uncollectible', async () => {
    const customer = await customerWith('pm_card_visa');
    await t.stripe.invoiceItems.create({ customer: customer.id, amount: 1234, currency: 'usd', description: 'Setup fee' });
    const draft = await t.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect(draft).toMatchObject({ status: 'draft', amount_due: 1234 });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 100, currency: 'usd' });
    const finalized = await t.stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized).toMatchObject({ status: 'open', amount_due: 1334 });
    expect(finalized.number).toBe(`${customer.invoice_prefix}-0001`);
    const paid = await t.stripe.invoices.pay(draft.id);
    expect(paid.status).toBe('paid');
    const other = await t.stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 7 });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: other.id, amount: 500, currency: 'usd' });
    await t.stripe.invoices.finalizeInvoice(other.id);
    expect((await t.stripe.invoices.voidInvoice(other.id)).status).toBe('void');
    const third = await t.stripe.invoices.create({ customer: customer.id });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: third.id, amount: 700, currency: 'usd' });
    await t.stripe.invoices.finalizeInvoice(third.id);
    expect((await t.stripe.invoices.markUncollectible(third.id)).status).toBe('uncollectible');
    expect(await rejectionOf(t.stripe.invoices.finalizeInvoice(third.id))).toMatchObject({ statusCode: 400 });
    const list = await t.stripe.invoices.list({ customer: customer.id, status: 'void' });
    expect(list.data.map((i) => i.id)).toEqual([other.id]);
  });

  it('rejects bad input naming the parameter, with no subscription written', async () => {
    const customer = await customerWith('pm_card_visa');
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id }))).toMatchObject({ code: 'parameter_missing', param: 'items' });
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_nope' }] }))).toMatchObject({
      statusCode: 404,
      param: 'items[0][price]',
    });
    expect(
      await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id, quantity: 'x' as unknown as number }] })),
    ).toMatchObject({ code: 'parameter_invalid_integer', param: 'items[0][quantity]' });
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }, { price: yearly.id }] }))).toMatchObject({
      statusCode: 400,
      param: 'items[1][price]',
    });
    expect(await rejectionOf(t.stripe.subscriptions.create({ customer: 'cus_nope', items: [{ price: monthly.id }] }))).toMatchObject({
      statusCode: 404,
      param: 'customer',
    });
    expect(await rejectionOf(t.stripe.subscriptions.retrieve('sub_nope'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect((await t.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toEqual([]);
    expect((await t.stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
  });
});

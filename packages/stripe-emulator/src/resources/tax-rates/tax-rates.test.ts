import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { payingCustomer, planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('tax rates and the tax_rates / default_tax_rates parameters', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let vat: Stripe.TaxRate;
  let gst: Stripe.TaxRate;
  let price: Stripe.Price;
  beforeAll(async () => {
    vat = await t.stripe.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 20, country: 'gb', jurisdiction: 'UK', tax_type: 'vat' });
    gst = await t.stripe.taxRates.create({ display_name: 'GST', inclusive: true, percentage: 10, country: 'AU', tax_type: 'gst' });
    price = await planPrice(t.stripe, 'Taxed', 1000);
  });

  it('creates, retrieves, updates and lists tax rates with events; percentage and inclusive never change', async () => {
    expect(vat).toMatchObject({
      object: 'tax_rate',
      id: expect.stringMatching(/^txr_/) as unknown,
      display_name: 'VAT',
      percentage: 20,
      effective_percentage: 20,
      inclusive: false,
      country: 'GB',
      active: true,
      rate_type: 'percentage',
      tax_type: 'vat',
      created: NOW / 1000,
    });
    const decimal = await t.stripe.taxRates.create({ display_name: 'Sales tax', inclusive: false, percentage: 8.875, state: 'NY', country: 'US' });
    expect(decimal.percentage).toBe(8.875);
    const off = await t.stripe.taxRates.update(decimal.id, { active: false, description: 'NYC' });
    expect(off).toMatchObject({ active: false, description: 'NYC', percentage: 8.875 });
    expect((await t.stripe.taxRates.retrieve(decimal.id)).active).toBe(false);
    const active = await t.stripe.taxRates.list({ active: true, limit: 100 });
    expect(active.data.map((r) => r.id)).toEqual(expect.arrayContaining([vat.id, gst.id]));
    expect(active.data.map((r) => r.id)).not.toContain(decimal.id);
    expect((await t.stripe.taxRates.list({ inclusive: true })).data.map((r) => r.id)).toEqual([gst.id]);
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => (e.data.object as { id: string }).id === decimal.id)
      .map((e) => e.type);
    expect(types).toEqual(['tax_rate.updated', 'tax_rate.created']);
  });

  it('refuses bad tax rates by name and keeps nothing', async () => {
    const count = t.emulator.emulator.db.taxRates.size;
    expect(await rejectionOf(t.stripe.taxRates.create({ display_name: 'x', inclusive: false, percentage: 101 }))).toMatchObject({
      statusCode: 400,
      param: 'percentage',
    });
    expect(await rejectionOf(t.stripe.taxRates.create({ display_name: 'x', percentage: 5 } as Stripe.TaxRateCreateParams))).toMatchObject({
      code: 'parameter_missing',
      param: 'inclusive',
    });
    expect(await rejectionOf(t.stripe.taxRates.create({ display_name: 'x', inclusive: 'no' as unknown as boolean, percentage: 5 }))).toMatchObject({
      code: 'parameter_invalid_boolean',
      param: 'inclusive',
    });
    expect(await rejectionOf(t.stripe.taxRates.create({ display_name: 'x', inclusive: false, percentage: 5, tax_type: 'wealth' }))).toMatchObject({
      param: 'tax_type',
    });
    expect(await rejectionOf(t.stripe.taxRates.update(vat.id, { percentage: 5 } as Stripe.TaxRateUpdateParams))).toMatchObject({
      code: 'parameter_unknown',
      param: 'percentage',
    });
    expect(await rejectionOf(t.stripe.taxRates.retrieve('txr_missing'))).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect(t.emulator.emulator.db.taxRates.size).toBe(count);
  });

  it('taxes a subscription by default_tax_rates, and an item by its own tax_rates (inclusive carved out)', async () => {
    const customer = await payingCustomer(t.stripe);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], default_tax_rates: [vat.id] });
    expect(sub.default_tax_rates?.map((r) => r.id)).toEqual([vat.id]);
    const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(invoice).toMatchObject({ subtotal: 2000, total: 2400, total_excluding_tax: 2000, amount_due: 2400, amount_paid: 2400, status: 'paid' });
    expect(invoice.default_tax_rates.map((r) => r.id)).toEqual([vat.id]);
    expect(invoice.total_taxes).toEqual([
      {
        amount: 400,
        tax_behavior: 'exclusive',
        tax_rate_details: { tax_rate: vat.id },
        taxability_reason: 'not_available',
        taxable_amount: 2000,
        type: 'tax_rate_details',
      },
    ]);
    expect(invoice.lines.data[0]!.taxes).toEqual(invoice.total_taxes);

    const other = await payingCustomer(t.stripe);
    const own = await t.stripe.subscriptions.create({ customer: other.id, items: [{ price: price.id, tax_rates: [gst.id] }], default_tax_rates: [vat.id] });
    expect(own.items.data[0]!.tax_rates?.map((r) => r.id)).toEqual([gst.id]);
    const inclusive = await t.stripe.invoices.retrieve(own.latest_invoice as string);
    // 1000 includes 10% GST: 909 taxable, 91 tax; the total is unchanged.
    expect(inclusive).toMatchObject({ subtotal: 1000, total: 1000, subtotal_excluding_tax: 909, total_excluding_tax: 909 });
    expect(inclusive.total_taxes).toEqual([expect.objectContaining({ amount: 91, tax_behavior: 'inclusive', taxable_amount: 909 })]);

    const cleared = await t.stripe.subscriptions.update(sub.id, { default_tax_rates: '' });
    expect(cleared.default_tax_rates).toEqual([]);
  });

  it('taxes a manual invoice by its default_tax_rates and an invoice item by its tax_rates', async () => {
    const customer = await payingCustomer(t.stripe);
    const draft = await t.stripe.invoices.create({ customer: customer.id, default_tax_rates: [vat.id] });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1000, currency: 'usd' });
    const item = await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 500, currency: 'usd', tax_rates: [gst.id] });
    expect(item).toMatchObject({ tax_rates: [expect.objectContaining({ id: gst.id })], net_amount: 500 });
    const before = await t.stripe.invoices.retrieve(draft.id);
    expect(before).toMatchObject({ subtotal: 1500, total: 1700 });
    await t.stripe.invoiceItems.update(item.id, { tax_rates: '' });
    const withDefault = await t.stripe.invoices.retrieve(draft.id);
    expect(withDefault.total).toBe(1800);
    const paid = await t.stripe.invoices.pay(draft.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1800 });
  });

  it('refuses unknown, inactive and duplicated rates by name, keeping nothing', async () => {
    const customer = await payingCustomer(t.stripe);
    const inactive = await t.stripe.taxRates.create({ display_name: 'Old', inclusive: false, percentage: 5, active: false });
    const subs = t.emulator.emulator.db.subscriptions.size;
    expect(
      await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_tax_rates: ['txr_missing'] })),
    ).toMatchObject({ statusCode: 404, param: 'default_tax_rates[0]' });
    expect(
      await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, tax_rates: [vat.id, inactive.id] }] })),
    ).toMatchObject({ statusCode: 400, param: 'items[0][tax_rates][1]' });
    expect(
      await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_tax_rates: [vat.id, vat.id] })),
    ).toMatchObject({ statusCode: 400, param: 'default_tax_rates[1]' });
    expect(
      await rejectionOf(
        t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_tax_rates: vat.id as unknown as string[] }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'default_tax_rates' });
    expect(t.emulator.emulator.db.subscriptions.size).toBe(subs);
  });
});

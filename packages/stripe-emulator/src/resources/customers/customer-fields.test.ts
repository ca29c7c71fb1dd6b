import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { payingCustomer, planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('customer addresses, tax status, tax ids, invoice numbering and expansions', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });

  const size = () => t.emulator.emulator.db.customers.size + t.emulator.emulator.db.taxIds.size;

  it('accepts address, shipping, tax_exempt, tax_id_data, invoice_prefix and next_invoice_sequence on create and update', async () => {
    const customer = await t.stripe.customers.create({
      email: 'berlin@example.com',
      address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'de' },
      shipping: { name: 'Ada', address: { country: 'FR', city: 'Paris' } },
      tax_exempt: 'reverse',
      tax_id_data: [{ type: 'eu_vat', value: 'DE123456789' }],
      invoice_prefix: 'ADA1',
      next_invoice_sequence: 7,
    });
    expect(customer).toMatchObject({
      address: { line1: 'Unter den Linden 1', line2: null, city: 'Berlin', postal_code: '10117', state: null, country: 'DE' },
      shipping: { name: 'Ada', phone: null, address: { country: 'FR', city: 'Paris', line1: null } },
      tax_exempt: 'reverse',
      invoice_prefix: 'ADA1',
      next_invoice_sequence: 7,
    });
    const ids = await t.stripe.customers.listTaxIds(customer.id);
    expect(ids.data).toEqual([
      expect.objectContaining({
        object: 'tax_id',
        type: 'eu_vat',
        value: 'DE123456789',
        country: 'DE',
        customer: customer.id,
        verification: { status: 'verified', verified_address: null, verified_name: null },
      }),
    ]);

    const updated = await t.stripe.customers.update(customer.id, {
      address: '',
      shipping: '',
      tax_exempt: '',
      invoice_prefix: 'ADA2',
      next_invoice_sequence: 9,
    });
    expect(updated).toMatchObject({ address: null, shipping: null, tax_exempt: 'none', invoice_prefix: 'ADA2', next_invoice_sequence: 9 });
    const plain = await t.stripe.customers.create({ email: 'plain@example.com' });
    expect(plain.invoice_prefix).toMatch(/^[A-Z0-9]{8}$/);
    expect(plain.next_invoice_sequence).toBe(1);
  });

  it('numbers invoices from the customer prefix and sequence', async () => {
    const customer = await t.stripe.customers.create({ invoice_prefix: 'NUMS', next_invoice_sequence: 41, payment_method: 'pm_card_visa' });
    const first = await t.stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: first.id, amount: 500, currency: 'usd' });
    expect((await t.stripe.invoices.finalizeInvoice(first.id)).number).toBe('NUMS-0041');
    const second = await t.stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30 });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: second.id, amount: 500, currency: 'usd' });
    expect((await t.stripe.invoices.finalizeInvoice(second.id)).number).toBe('NUMS-0042');
    const after = await t.stripe.customers.retrieve(customer.id);
    expect(!after.deleted && after.next_invoice_sequence).toBe(43);
  });

  it('creates, lists, retrieves and deletes tax ids, with events', async () => {
    const customer = await t.stripe.customers.create({ email: 'taxids@example.com' });
    const gb = await t.stripe.customers.createTaxId(customer.id, { type: 'gb_vat', value: 'GB111111111' });
    expect(gb).toMatchObject({ id: expect.stringMatching(/^txi_/) as unknown, country: 'GB', verification: { status: 'unverified' } });
    const ein = await t.stripe.customers.createTaxId(customer.id, { type: 'us_ein', value: '12-3456789' });
    expect(ein.verification?.status).toBe('unavailable');
    expect((await t.stripe.customers.retrieveTaxId(customer.id, gb.id)).value).toBe('GB111111111');
    expect((await t.stripe.customers.listTaxIds(customer.id)).data.map((x) => x.id)).toEqual([ein.id, gb.id]);
    expect(await t.stripe.customers.deleteTaxId(customer.id, ein.id)).toEqual({ id: ein.id, object: 'tax_id', deleted: true });
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => (e.data.object as { id?: string }).id === ein.id)
      .map((e) => e.type);
    expect(types).toEqual(['customer.tax_id.deleted', 'customer.tax_id.created']);
    const gone = await rejectionOf(t.stripe.customers.retrieveTaxId(customer.id, ein.id));
    expect(gone).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('refuses bad addresses, tax ids, prefixes and unknown fields by name, keeping nothing', async () => {
    const before = size();
    const cases: [Stripe.CustomerCreateParams, string, string?][] = [
      [{ tax_id_data: [{ type: 'eu_vat', value: 'XX123' }] }, 'tax_id_data[0][value]', 'tax_id_invalid'],
      [{ tax_id_data: [{ type: 'zz_nope', value: '1' }] }, 'tax_id_data[0][type]'],
      [{ invoice_prefix: 'lower' }, 'invoice_prefix'],
      [{ next_invoice_sequence: 0 }, 'next_invoice_sequence'],
      [{ tax_exempt: 'sometimes' }, 'tax_exempt'],
      [{ address: { country: 'Germany' } }, 'address[country]'],
      [{ shipping: { address: { country: 'DE' } } as Stripe.CustomerCreateParams.Shipping }, 'shipping[name]', 'parameter_missing'],
      [{ address: { planet: 'Mars' } as Stripe.AddressParam }, 'address[planet]', 'parameter_unknown'],
      [{ tax: { validate_location: 'immediately' } }, 'tax[validate_location]', 'customer_tax_location_invalid'],
    ];
    for (const [params, param, code] of cases) {
      const error = await rejectionOf(t.stripe.customers.create(params));
      expect({ param: error.param, status: error.statusCode, ...(code ? { code: error.code } : {}) }).toEqual({
        param,
        status: 400,
        ...(code ? { code } : {}),
      });
    }
    expect(size()).toBe(before);
    const customer = await t.stripe.customers.create({ email: 'taxid-refused@example.com' });
    const taxIdsBefore = t.emulator.emulator.db.taxIds.size;
    const bad = await rejectionOf(t.stripe.customers.createTaxId(customer.id, { type: 'gb_vat', value: 'DE1' }));
    expect(bad).toMatchObject({ statusCode: 400, code: 'tax_id_invalid', param: 'value' });
    const missing = await rejectionOf(t.stripe.customers.createTaxId('cus_missing', { type: 'gb_vat', value: 'GB123456789' }));
    expect(missing).toMatchObject({ statusCode: 404, param: 'customer' });
    expect(t.emulator.emulator.db.taxIds.size).toBe(taxIdsBefore);
  });

  it('expands subscriptions, tax_ids and tax on a customer, and tiers on a price', async () => {
    const customer = await payingCustomer(t.stripe, { address: { country: 'NL' }, tax_id_data: [{ type: 'eu_vat', value: 'NL123456789B01' }] });
    const price = await t.stripe.prices.create({
      currency: 'eur',
      recurring: { interval: 'month' },
      product_data: { name: 'Tiered' },
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: [
        { up_to: 5, unit_amount: 100 },
        { up_to: 'inf', unit_amount: 80 },
      ],
    });
    expect(price.tiers).toBeUndefined();
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 6 }] });
    expect(sub.items.data[0]!.plan.tiers).toBeUndefined();
    const latest = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(latest.amount_due).toBe(480);

    const expanded = await t.stripe.customers.retrieve(customer.id, { expand: ['subscriptions', 'tax_ids', 'tax'] });
    if (expanded.deleted) throw new Error('deleted');
    expect(expanded.subscriptions?.data.map((s) => s.id)).toEqual([sub.id]);
    expect(expanded.subscriptions?.url).toBe(`/v1/customers/${customer.id}/subscriptions`);
    expect(expanded.tax_ids?.data.map((x) => x.value)).toEqual(['NL123456789B01']);
    expect(expanded.tax).toEqual({
      automatic_tax: 'supported',
      ip_address: null,
      location: { country: 'NL', source: 'billing_address', state: null },
      provider: 'stripe',
    });
    const plain = await t.stripe.customers.retrieve(customer.id);
    expect('subscriptions' in plain || 'tax_ids' in plain || 'tax' in plain).toBe(false);

    const withTiers = await t.stripe.prices.retrieve(price.id, { expand: ['tiers'] });
    expect(withTiers.tiers?.map((tier) => tier.up_to)).toEqual([5, null]);
    const listed = await t.stripe.prices.list({ product: price.product as string, expand: ['data.tiers'] });
    expect(listed.data[0]!.tiers).toHaveLength(2);
    const nested = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['items.data.price.tiers'] });
    expect(nested.items.data[0]!.price.tiers).toHaveLength(2);
  });

  it('expands latest_invoice.confirmation_secret on a default_incomplete subscription, and confirming it activates the subscription', async () => {
    const customer = await t.stripe.customers.create({ email: 'form@example.com' });
    const price = await planPrice(t.stripe, 'Form', 1500);
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const secret = invoice.confirmation_secret;
    expect(secret).toMatchObject({ type: 'payment_intent', client_secret: expect.stringMatching(/^pi_.+_secret_/) as unknown });
    const piId = secret!.client_secret.split('_secret_')[0]!;
    const pi = await t.stripe.paymentIntents.retrieve(piId);
    expect(pi).toMatchObject({ amount: 1500, status: 'requires_payment_method', customer: customer.id });
    expect((await t.stripe.invoices.retrieve(invoice.id)).confirmation_secret).toBeUndefined();
    await t.stripe.paymentIntents.confirm(piId, { payment_method: 'pm_card_visa' });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    expect((await t.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
  });
});

import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { payingCustomer, planPrice } from '../../testing/fixtures.ts';
import { advanceClock, rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada' };

describe('automatic tax: the deterministic test tax on subscriptions, invoices and Checkout', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let price: Stripe.Price;
  beforeAll(async () => {
    price = await planPrice(t.stripe, 'Plan', 1000, { currency: 'eur' });
  });

  async function customerIn(address: Stripe.AddressParam | null, extra: Stripe.CustomerCreateParams = {}): Promise<Stripe.Customer> {
    return payingCustomer(t.stripe, { ...(address ? { address } : {}), ...extra });
  }

  it('taxes a German subscription at 19% VAT, on its first invoice and its renewal', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: NOW / 1000 });
    const customer = await customerIn({ country: 'DE', postal_code: '10117' }, { test_clock: clock.id });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], automatic_tax: { enabled: true } });
    expect(sub.automatic_tax).toEqual({ disabled_reason: null, enabled: true, liability: { type: 'self' } });
    const first = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({
      subtotal: 1000,
      total: 1190,
      amount_paid: 1190,
      status: 'paid',
      automatic_tax: { enabled: true, status: 'complete', provider: 'stripe' },
    });
    expect(first.total_taxes).toEqual([
      {
        amount: 190,
        tax_behavior: 'exclusive',
        tax_rate_details: { tax_rate: 'txr_emu_de_exclusive' },
        taxability_reason: 'standard_rated',
        taxable_amount: 1000,
        type: 'tax_rate_details',
      },
    ]);
    expect(await t.stripe.taxRates.retrieve('txr_emu_de_exclusive')).toMatchObject({
      percentage: 19,
      country: 'DE',
      tax_type: 'vat',
      display_name: 'VAT',
      inclusive: false,
    });
    await advanceClock(t.stripe, clock.id, sub.items.data[0]!.current_period_end + 2 * 3600);
    const renewal = (await t.stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal).toMatchObject({ total: 1190, status: 'paid' });
  });

  it('follows the documented rule: US state rates, not collecting elsewhere, exempt and reverse charge', async () => {
    const usd = await planPrice(t.stripe, 'US plan', 10_000);
    const cases: [Stripe.AddressParam, Stripe.CustomerCreateParams['tax_exempt'], number, string][] = [
      [{ country: 'US', state: 'CA', postal_code: '94105' }, 'none', 725, 'standard_rated'],
      [{ country: 'US', state: 'OR', postal_code: '97201' }, 'none', 0, 'not_collecting'],
      [{ country: 'BR' }, 'none', 0, 'not_collecting'],
      [{ country: 'FR' }, 'exempt', 0, 'customer_exempt'],
      [{ country: 'FR' }, 'reverse', 0, 'reverse_charge'],
    ];
    for (const [address, exempt, tax, reason] of cases) {
      const customer = await customerIn(address, { tax_exempt: exempt });
      const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: usd.id }], automatic_tax: { enabled: true } });
      const invoice = await t.stripe.invoices.retrieve(sub.latest_invoice as string);
      expect({ address, total: invoice.total, reason: invoice.total_taxes?.[0]?.taxability_reason }).toEqual({ address, total: 10_000 + tax, reason });
    }
  });

  it('refuses automatic tax without a customer location, or next to tax rates, keeping nothing', async () => {
    const nowhere = await customerIn(null);
    const rate = await t.stripe.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 20 });
    const subs = t.emulator.emulator.db.subscriptions.size;
    expect(
      await rejectionOf(t.stripe.subscriptions.create({ customer: nowhere.id, items: [{ price: price.id }], automatic_tax: { enabled: true } })),
    ).toMatchObject({ statusCode: 400, code: 'customer_tax_location_invalid', param: 'customer' });
    const german = await customerIn({ country: 'DE' });
    expect(
      await rejectionOf(
        t.stripe.subscriptions.create({ customer: german.id, items: [{ price: price.id }], automatic_tax: { enabled: true }, default_tax_rates: [rate.id] }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'default_tax_rates' });
    expect(
      await rejectionOf(
        t.stripe.subscriptions.create({ customer: german.id, items: [{ price: price.id }], automatic_tax: { enabled: 'yes' as unknown as boolean } }),
      ),
    ).toMatchObject({ code: 'parameter_invalid_boolean', param: 'automatic_tax[enabled]' });
    expect(t.emulator.emulator.db.subscriptions.size).toBe(subs);
  });

  it('taxes a manual invoice, inclusive prices carved out, and will not finalize it until the customer has a location', async () => {
    const inclusive = await t.stripe.prices.create({ currency: 'eur', unit_amount: 1200, product_data: { name: 'Gross' }, tax_behavior: 'inclusive' });
    const customer = await customerIn(null);
    const draft = await t.stripe.invoices.create({ customer: customer.id, automatic_tax: { enabled: true } });
    expect(draft.automatic_tax).toMatchObject({ enabled: true, status: 'requires_location_inputs' });
    await t.stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, pricing: { price: inclusive.id } });
    expect(await rejectionOf(t.stripe.invoices.finalizeInvoice(draft.id))).toMatchObject({ statusCode: 400, code: 'customer_tax_location_invalid' });
    expect((await t.stripe.invoices.retrieve(draft.id)).status).toBe('draft');
    await t.stripe.customers.update(customer.id, { address: { country: 'FR' } });
    const open = await t.stripe.invoices.finalizeInvoice(draft.id);
    // 1200 includes 20% VAT: 1000 taxable, 200 tax.
    expect(open).toMatchObject({
      automatic_tax: { status: 'complete' },
      subtotal: 1200,
      total: 1200,
      total_excluding_tax: 1000,
      customer_address: { country: 'FR' },
    });
    expect(open.total_taxes).toEqual([
      expect.objectContaining({ amount: 200, tax_behavior: 'inclusive', tax_rate_details: { tax_rate: 'txr_emu_fr_inclusive' } }),
    ]);
  });

  it('previews a new subscription with automatic tax', async () => {
    const customer = await customerIn({ country: 'NL' });
    const preview = await t.stripe.invoices.createPreview({
      customer: customer.id,
      automatic_tax: { enabled: true },
      subscription_details: { items: [{ price: price.id }] },
    });
    expect(preview).toMatchObject({ total: 1210, automatic_tax: { enabled: true, status: 'complete' } });
    expect(t.emulator.emulator.db.subscriptions.newestFirst().some((s) => s.customer === customer.id)).toBe(false);
  });

  it('taxes Checkout: a known customer at creation; a new one from the address entered on the hosted page', async () => {
    const known = await t.stripe.customers.create({ address: { country: 'IE' } });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: known.id,
      line_items: [{ price: price.id, quantity: 1 }],
      automatic_tax: { enabled: true },
      success_url: 'https://app.example.com/ok',
    });
    expect(session).toMatchObject({
      amount_subtotal: 1000,
      amount_total: 1230,
      total_details: { amount_tax: 230 },
      automatic_tax: { enabled: true, status: 'complete', provider: 'stripe' },
    });

    const fresh = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 2 }],
      automatic_tax: { enabled: true },
      success_url: 'https://app.example.com/ok',
    });
    expect(fresh).toMatchObject({ amount_total: 2000, automatic_tax: { status: 'requires_location_inputs' } });
    const missing = await fetch(fresh.url!, { method: 'POST', body: new URLSearchParams({ ...CARD, email: 'eu@example.com' }), redirect: 'manual' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Your country is required.');
    expect((await t.stripe.checkout.sessions.retrieve(fresh.id)).status).toBe('open');
    const paid = await fetch(fresh.url!, {
      method: 'POST',
      body: new URLSearchParams({ ...CARD, email: 'eu@example.com', address_country: 'fr', address_postal_code: '75001' }),
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(fresh.id, { expand: ['line_items', 'subscription'] });
    expect(done).toMatchObject({
      status: 'complete',
      amount_total: 2400,
      total_details: { amount_tax: 400 },
      automatic_tax: { status: 'complete' },
      customer_details: { address: { country: 'FR', postal_code: '75001' } },
    });
    expect(done.line_items?.data[0]).toMatchObject({ amount_subtotal: 2000, amount_tax: 400, amount_total: 2400 });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.automatic_tax.enabled).toBe(true);
    expect(await t.stripe.invoices.retrieve(sub.latest_invoice as string)).toMatchObject({ total: 2400, amount_paid: 2400, status: 'paid' });
    expect(await t.stripe.customers.retrieve(done.customer as string)).toMatchObject({ address: { country: 'FR', postal_code: '75001' } });
  });

  it('refuses automatic tax in Checkout for a customer without a location unless customer_update[address]=auto', async () => {
    const nowhere = await t.stripe.customers.create({});
    const count = t.emulator.emulator.db.customers.size;
    expect(
      await rejectionOf(
        t.stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: nowhere.id,
          line_items: [{ price: price.id, quantity: 1 }],
          automatic_tax: { enabled: true },
        }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'customer_update[address]' });
    const allowed = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: nowhere.id,
      customer_update: { address: 'auto' },
      line_items: [{ price: price.id, quantity: 1 }],
      automatic_tax: { enabled: true },
      success_url: 'https://app.example.com/ok',
    });
    const paid = await fetch(allowed.url!, { method: 'POST', body: new URLSearchParams({ ...CARD, address_country: 'DE' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect(await t.stripe.customers.retrieve(nowhere.id)).toMatchObject({ address: { country: 'DE' } });
    expect(t.emulator.emulator.db.customers.size).toBe(count);
  });
});

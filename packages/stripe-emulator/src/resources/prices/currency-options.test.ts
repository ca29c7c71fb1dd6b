import { describe, expect, it } from 'vitest';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('multi-currency prices (currency_options) through the official SDK', () => {
  const t = suiteEmulator();

  it('expands currency_options with the own currency, and bills a subscription in the currency asked for', async () => {
    const product = await t.stripe.products.create({ name: 'Pro' });
    const price = await t.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
      currency_options: { eur: { unit_amount: 1400 } },
    });
    const plain = await t.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'month' } });
    const expanded = await t.stripe.prices.retrieve(price.id, { expand: ['currency_options'] });
    expect(expanded.currency_options?.usd?.unit_amount).toBe(1500);
    expect(expanded.currency_options?.eur?.unit_amount).toBe(1400);
    const [listed] = (await t.stripe.prices.list({ limit: 100, expand: ['data.currency_options'] })).data.filter((p) => p.id === plain.id);
    expect(Object.keys(listed?.currency_options ?? {})).toEqual(['usd']);

    const customer = await t.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, currency: 'eur', items: [{ price: price.id }], expand: ['latest_invoice'] });
    expect(sub.currency).toBe('eur');
    expect(sub.latest_invoice).toMatchObject({ currency: 'eur', amount_due: 1400 });
    const refused = await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, currency: 'eur', items: [{ price: plain.id }] }));
    expect(refused).toMatchObject({ statusCode: 400, param: 'items[0][price]' });
    const session = await rejectionOf(
      t.stripe.checkout.sessions.create({
        mode: 'subscription',
        currency: 'gbp',
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: 'https://a.test/ok',
        cancel_url: 'https://a.test/no',
      }),
    );
    expect(session).toMatchObject({ statusCode: 400, param: 'line_items[0][price]' });
  });
});

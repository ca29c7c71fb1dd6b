import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';
import { priceAmount } from './amount.ts';

describe('products and prices through the official SDK', () => {
  const t = suiteEmulator();

  it('creates, updates, lists and deletes products', async () => {
    const product = await t.stripe.products.create({ name: 'Pro', metadata: { tier: 'pro' } });
    expect(product).toMatchObject({ object: 'product', name: 'Pro', active: true, default_price: null });
    const custom = await t.stripe.products.create({ id: 'prod_custom_pro', name: 'Custom' });
    expect(custom.id).toBe('prod_custom_pro');
    const updated = await t.stripe.products.update(product.id, { active: false, metadata: { tier: '' } });
    expect(updated).toMatchObject({ active: false, metadata: {} });
    const inactive = await t.stripe.products.list({ active: false });
    expect(inactive.data.map((p) => p.id)).toContain(product.id);
    expect(await t.stripe.products.del(custom.id)).toEqual({ id: custom.id, object: 'product', deleted: true });
    expect((await rejectionOf(t.stripe.products.retrieve(custom.id))).statusCode).toBe(404);
  });

  it('creates one-time and recurring prices, inline product_data and default_price_data', async () => {
    const product = await t.stripe.products.create({
      name: 'Seats',
      default_price_data: { currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } },
    });
    expect(product.default_price).toMatch(/^price_/);
    const monthly = await t.stripe.prices.retrieve(product.default_price as string, { expand: ['product'] });
    expect(monthly).toMatchObject({ type: 'recurring', unit_amount: 1500, recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' } });
    expect((monthly.product as Stripe.Product).name).toBe('Seats');
    expect(monthly.unit_amount_decimal?.toString()).toBe('1500');
    const quarterly = await t.stripe.prices.create({
      currency: 'usd',
      unit_amount: 4000,
      recurring: { interval: 'month', interval_count: 3 },
      product_data: { name: 'Quarterly' },
    });
    expect(quarterly.recurring?.interval_count).toBe(3);
    const once = await t.stripe.prices.create({ currency: 'JPY', unit_amount: 500, product: product.id });
    expect(once).toMatchObject({ type: 'one_time', currency: 'jpy', recurring: null });
    const listed = await t.stripe.prices.list({ product: product.id, type: 'one_time' });
    expect(listed.data.map((p) => p.id)).toEqual([once.id]);
    const recurringOnly = await t.stripe.prices.list({ product: product.id, recurring: { interval: 'month' } });
    expect(recurringOnly.data.map((p) => p.id)).toEqual([monthly.id]);
  });

  it('moves a lookup_key with transfer_lookup_key and refuses a duplicate without it', async () => {
    const product = await t.stripe.products.create({ name: 'Plan' });
    const v1 = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1000, product: product.id, lookup_key: 'plan_monthly' });
    const dup = await rejectionOf(t.stripe.prices.create({ currency: 'usd', unit_amount: 1200, product: product.id, lookup_key: 'plan_monthly' }));
    expect(dup).toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const v2 = await t.stripe.prices.create({ currency: 'usd', unit_amount: 1200, product: product.id, lookup_key: 'plan_monthly', transfer_lookup_key: true });
    expect((await t.stripe.prices.retrieve(v1.id)).lookup_key).toBeNull();
    const found = await t.stripe.prices.list({ lookup_keys: ['plan_monthly', 'nothing'] });
    expect(found.data.map((p) => p.id)).toEqual([v2.id]);
    const updated = await t.stripe.prices.update(v2.id, { active: false, nickname: 'old' });
    expect(updated).toMatchObject({ active: false, nickname: 'old' });
  });

  it('stores tiered prices and currency_options, and prices quantities by tier', async () => {
    const product = await t.stripe.products.create({ name: 'API calls' });
    const graduated = await t.stripe.prices.create({
      currency: 'usd',
      product: product.id,
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 10, unit_amount: 100 },
        { up_to: 'inf', unit_amount: 50, flat_amount: 200 },
      ],
      recurring: { interval: 'month' },
    });
    // Stripe returns tiers only when asked for them.
    expect(graduated.tiers).toBeUndefined();
    const expanded = await t.stripe.prices.retrieve(graduated.id, { expand: ['tiers'] });
    expect(expanded.tiers?.map((tier) => tier.up_to)).toEqual([10, null]);
    const em = t.emulator.emulator;
    expect(priceAmount(em, graduated, 15)).toBe(10 * 100 + 5 * 50 + 200);
    const volume = await t.stripe.prices.create({
      currency: 'usd',
      product: product.id,
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: [
        { up_to: 10, unit_amount: 100 },
        { up_to: 'inf', unit_amount: 50 },
      ],
    });
    expect(priceAmount(em, volume, 15)).toBe(750);
    expect(priceAmount(em, volume, 5)).toBe(500);
    const multi = await t.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1000,
      product: product.id,
      currency_options: { eur: { unit_amount: 900 }, jpy: { unit_amount: 1400 } },
    });
    expect(multi.currency_options?.eur?.unit_amount).toBe(900);
    expect(priceAmount(em, multi, 2, 'jpy')).toBe(2800);
  });

  it('names the parameter for missing, unknown and mistyped input and writes nothing', async () => {
    const product = await t.stripe.products.create({ name: 'Validation' });
    const before = (await t.stripe.prices.list({ product: product.id })).data.length;
    expect(await rejectionOf(t.stripe.prices.create({ currency: 'usd', product: product.id }))).toMatchObject({
      code: 'parameter_missing',
      param: 'unit_amount',
    });
    expect(await rejectionOf(t.stripe.prices.create({ product: product.id, unit_amount: 5 } as Stripe.PriceCreateParams))).toMatchObject({
      code: 'parameter_missing',
      param: 'currency',
    });
    expect(await rejectionOf(t.stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 'ten' as unknown as number }))).toMatchObject({
      code: 'parameter_invalid_integer',
      param: 'unit_amount',
    });
    expect(await rejectionOf(t.stripe.prices.create({ currency: 'zzz', product: product.id, unit_amount: 5 }))).toMatchObject({
      statusCode: 400,
      param: 'currency',
    });
    expect(await rejectionOf(t.stripe.prices.create({ currency: 'us', product: product.id, unit_amount: 5 }))).toMatchObject({
      statusCode: 400,
      param: 'currency',
    });
    expect(
      await rejectionOf(t.stripe.prices.create({ currency: 'usd', product: product.id, unit_amount: 1, recurring: { interval: 'fortnight' as 'month' } })),
    ).toMatchObject({ param: 'recurring[interval]' });
    expect(
      await rejectionOf(
        t.stripe.prices.create({
          currency: 'usd',
          product: product.id,
          unit_amount: 1,
          recurring: { interval: 'month', every: 2 } as Stripe.PriceCreateParams.Recurring,
        }),
      ),
    ).toMatchObject({ code: 'parameter_unknown', param: 'recurring[every]' });
    expect(await rejectionOf(t.stripe.prices.create({ currency: 'usd', product: 'prod_missing', unit_amount: 1 }))).toMatchObject({
      statusCode: 404,
      param: 'product',
    });
    expect((await t.stripe.prices.list({ product: product.id })).data.length).toBe(before);
  });
});

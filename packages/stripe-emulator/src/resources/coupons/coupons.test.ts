import { describe, expect, it } from 'vitest';
import { planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('coupons, promotion codes and discounted invoices', () => {
  const t = suiteEmulator();

  it('creates, retrieves, updates, lists and deletes coupons; bad input names the parameter', async () => {
    const coupon = await t.stripe.coupons.create({
      id: 'SPRING',
      percent_off: 12.5,
      duration: 'repeating',
      duration_in_months: 3,
      name: 'Spring',
      max_redemptions: 10,
    });
    expect(coupon).toMatchObject({
      id: 'SPRING',
      object: 'coupon',
      percent_off: 12.5,
      amount_off: null,
      duration: 'repeating',
      duration_in_months: 3,
      valid: true,
      times_redeemed: 0,
    });
    expect((await t.stripe.coupons.update('SPRING', { name: 'Spring sale' })).name).toBe('Spring sale');
    expect((await t.stripe.coupons.list()).data.map((c) => c.id)).toContain('SPRING');
    expect((await rejectionOf(t.stripe.coupons.create({ amount_off: 500, duration: 'once' }))).param).toBe('currency');
    expect((await rejectionOf(t.stripe.coupons.create({ percent_off: 10, amount_off: 5, currency: 'usd' }))).param).toBe('percent_off');
    expect((await rejectionOf(t.stripe.coupons.create({ percent_off: 10, duration: 'repeating' }))).param).toBe('duration_in_months');
    expect((await rejectionOf(t.stripe.coupons.create({ percent_off: 120 }))).param).toBe('percent_off');
    expect((await rejectionOf(t.stripe.coupons.create({ id: 'SPRING', percent_off: 5 }))).param).toBe('id');
    expect(await t.stripe.coupons.del('SPRING')).toEqual({ id: 'SPRING', object: 'coupon', deleted: true });
    expect((await rejectionOf(t.stripe.coupons.retrieve('SPRING'))).statusCode).toBe(404);
  });

  it('creates promotion codes, refuses a duplicate active code, filters and deactivates', async () => {
    const coupon = await t.stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'WELCOME5', max_redemptions: 2 });
    expect(promo).toMatchObject({ object: 'promotion_code', code: 'WELCOME5', active: true, promotion: { type: 'coupon', coupon: coupon.id } });
    expect((await rejectionOf(t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'welcome5' }))).param).toBe('code');
    expect((await rejectionOf(t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'nope' } }))).param).toBe('promotion[coupon]');
    expect((await t.stripe.promotionCodes.list({ code: 'WELCOME5' })).data.map((p) => p.id)).toEqual([promo.id]);
    const generated = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
    expect(generated.code).toMatch(/^[A-Z0-9]{8}$/);
    expect((await t.stripe.promotionCodes.update(promo.id, { active: false })).active).toBe(false);
  });

  it('discounts subscription invoices by coupon duration: repeating ends, once applies to the first invoice only', async () => {
    const price = await planPrice(t.stripe, 'Team', 2000);
    const start = t.now() - 3600;
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await t.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const repeating = await t.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 1 });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: repeating.id }],
      expand: ['latest_invoice'],
    });
    expect(sub.discounts).toHaveLength(1);
    // Discounts are ids unless expanded; expanded they carry their coupon (as Stripe's do).
    const expanded = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['discounts'] });
    expect(expanded.discounts[0]).toMatchObject({ object: 'discount', subscription: sub.id, source: { coupon: repeating.id } });
    const first = await t.stripe.invoices.retrieve(typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice!.id);
    expect(first).toMatchObject({ subtotal: 2000, total: 1600, amount_paid: 1600, status: 'paid' });
    expect(first.total_discount_amounts?.[0]?.amount).toBe(400);
    expect(first.lines.data[0]!.discount_amounts?.[0]?.amount).toBe(400);
    expect((await t.stripe.coupons.retrieve(repeating.id)).times_redeemed).toBe(1);

    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.items.data[0]!.current_period_end + 7200 });
    const renewal = (await t.stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(renewal).toMatchObject({ subtotal: 2000, total: 2000 });

    const bad = await rejectionOf(t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: 'missing' }] }));
    expect(bad).toMatchObject({ statusCode: 404, param: 'discounts[0][coupon]' });
  });

  it('applies a promotion code to a subscription once', async () => {
    const price = await planPrice(t.stripe, 'Solo', 1000);
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: t.now() - 60 });
    const customer = await t.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const coupon = await t.stripe.coupons.create({ amount_off: 300, currency: 'usd', duration: 'once' });
    const promo = await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'FIRST3' });
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: pm.id,
      items: [{ price: price.id }],
      discounts: [{ promotion_code: promo.id }],
    });
    const first = await t.stripe.invoices.retrieve(typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice!.id);
    expect(first).toMatchObject({ total: 700, amount_due: 700 });
    expect((await t.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.items.data[0]!.current_period_end + 7200 });
    const renewal = (await t.stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(renewal?.total).toBe(1000);
  });

  it('adds a forever coupon to an existing subscription and removes it with an empty value', async () => {
    const price = await planPrice(t.stripe, 'Later', 1000);
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: t.now() - 60 });
    const customer = await t.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, default_payment_method: pm.id, items: [{ price: price.id }] });
    const half = await t.stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const updated = await t.stripe.subscriptions.update(sub.id, { discounts: [{ coupon: half.id }] });
    expect(updated.discounts).toHaveLength(1);
    const end = sub.items.data[0]!.current_period_end;
    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: end + 7200 });
    const renewal = (await t.stripe.invoices.list({ customer: customer.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(renewal?.total).toBe(500);
    expect((await t.stripe.subscriptions.update(sub.id, { discounts: '' })).discounts).toEqual([]);
    const bad = await rejectionOf(t.stripe.subscriptions.update(sub.id, { discounts: [{ promotion_code: 'promo_missing' }] }));
    expect(bad).toMatchObject({ statusCode: 404, param: 'discounts[0][promotion_code]' });
  });
});

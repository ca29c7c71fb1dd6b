import { describe, expect, it } from 'vitest';
import { planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('stacked discounts on a subscription', () => {
  const t = suiteEmulator();

  it('keeps a discount passed back by id, adds a coupon beside it, and Checkout still takes one', async () => {
    const price = await planPrice(t.stripe, 'Team', 2000);
    const percent = await t.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const amount = await t.stripe.coupons.create({ amount_off: 300, currency: 'usd', duration: 'forever' });
    const customer = await t.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: percent.id }] });
    const first = sub.discounts[0];
    if (typeof first !== 'string') throw new Error('discounts are ids unless expanded');
    const updated = await t.stripe.subscriptions.update(sub.id, { discounts: [{ discount: first }, { coupon: amount.id }] });
    expect(updated.discounts).toHaveLength(2);
    expect(updated.discounts[0]).toBe(first);
    expect((await t.stripe.coupons.retrieve(percent.id)).times_redeemed).toBe(1);
    const session = await rejectionOf(
      t.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: price.id, quantity: 1 }],
        discounts: [{ coupon: percent.id }, { coupon: amount.id }],
        success_url: 'https://a.test/ok',
        cancel_url: 'https://a.test/no',
      }),
    );
    expect(session).toMatchObject({ statusCode: 400, param: 'discounts' });
  });
});

import { describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { computeMrr } from './compute-mrr.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('MRR with a coupon that reaches the mirror through webhooks', () => {
  const bed = perTest(createWebhookTestbed);

  it('applies a forever percent-off coupon to the subscription and to MRR', async () => {
    const customer = await bed.deps.stripe.customers.create({ email: 'c@example.com' });
    const card = await bed.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const product = await bed.deps.stripe.products.create({ name: 'Pro' });
    const price = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' } });
    const coupon = await bed.deps.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    await bed.deps.stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: card.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    });
    await bed.deliverNew();
    const [row] = await bed.deps.db.select().from(subscriptions);
    expect(row).toMatchObject({ status: 'active', amount: 5000, discountPercentOff: 20 });
    expect(await computeMrr(bed.deps)).toEqual([expect.objectContaining({ currency: 'usd', mrr: 4000 })]);
  });
});

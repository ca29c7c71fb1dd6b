import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { computeMrr } from './compute-mrr.ts';

describe('MRR with a coupon that reaches the mirror through webhooks', () => {
  let deps: TestDeps;
  let deliverNew: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, deliverNew } = await createWebhookTestbed());
  });
  afterEach(() => deps.close());

  it('applies a forever percent-off coupon to the subscription and to MRR', async () => {
    const customer = await deps.stripe.customers.create({ email: 'c@example.com' });
    const card = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const product = await deps.stripe.products.create({ name: 'Pro' });
    const price = await deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' } });
    const coupon = await deps.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    await deps.stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: card.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    });
    await deliverNew();
    const [row] = await deps.db.select().from(subscriptions);
    expect(row).toMatchObject({ status: 'active', amount: 5000, discountPercentOff: 20 });
    expect(await computeMrr(deps)).toEqual([expect.objectContaining({ currency: 'usd', mrr: 4000 })]);
  });
});

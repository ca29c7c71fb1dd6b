// A user's own test, run by .ci/pack-check.mjs with Vitest in a fresh project
// where the packed tarballs are installed.
import { startEmulator } from 'stripe-emulator';
import { consume } from 'tollgate';
import { createTestDeps } from 'tollgate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('my billing code against the stripe-emulator', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  it('takes a customer from Checkout to an active subscription with the official SDK', async () => {
    const { stripe } = emulator;
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      customer_email: 'user@example.com',
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/no',
    });
    const paid = await emulator.completeCheckout(session);
    expect(paid.status).toBe('complete');
    const subscription = await stripe.subscriptions.retrieve(String(paid.subscription));
    expect(subscription.status).toBe('active');
    expect(subscription.items.data[0]?.price.unit_amount).toBe(1500);
    await emulator.reset();
    expect((await stripe.customers.list()).data).toEqual([]);
  });

  it('counts usage with tollgate/testing (a fresh database, an emulator, a manual clock)', async () => {
    const deps = await createTestDeps();
    try {
      const first = await consume(deps, { customer: 'user_1', feature: 'messages' });
      expect(first.ok && first.value).toMatchObject({ allowed: true, used: 1 });
    } finally {
      await deps.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type RunningEmulator, startEmulator } from './index.ts';
import { testNowMs } from './testing/sdk.ts';

describe('the library entry: startEmulator() with its SDK client and helpers', () => {
  const clock = fixedClock(testNowMs());
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ clock, schedulerIntervalMs: 0, apiKey: 'sk_test_library' });
  });
  afterAll(() => emulator.close());

  async function monthlyPrice() {
    const product = await emulator.stripe.products.create({ name: 'Pro' });
    return emulator.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  }

  /** A subscription Checkout Session for a new monthly price, and the price. */
  async function subscriptionSession(successUrl = 'https://app.example/ok', cancelUrl = 'https://app.example/no') {
    const price = await monthlyPrice();
    const session = await emulator.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: successUrl,
      cancel_url: cancelUrl,
    });
    return { price, session };
  }

  it('hands back the official SDK on its key, and pays a Checkout Session on the hosted page into an active subscription', async () => {
    const { price, session } = await subscriptionSession('https://app.example/ok?session={CHECKOUT_SESSION_ID}', 'https://app.example/cancel');
    const paid = await emulator.completeCheckout(session);
    expect(paid).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid' });
    if (typeof paid.subscription !== 'string') throw new Error(`expected the subscription's id, got ${JSON.stringify(paid.subscription)}`);
    const subscription = await emulator.stripe.subscriptions.retrieve(paid.subscription);
    expect(subscription.status).toBe('active');
    expect(subscription.items.data[0]?.price.id).toBe(price.id);
  });

  it("rejects with the hosted page's own message when the card is declined, and leaves the session open", async () => {
    const { session } = await subscriptionSession();
    await expect(emulator.completeCheckout(session.id, { card: '4000 0000 0000 0002' })).rejects.toThrow(/was not paid \(HTTP 402\): Your card was declined/);
    expect((await emulator.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('approves 3-D Secure when the card asks for it', async () => {
    const { session } = await subscriptionSession();
    expect(await emulator.completeCheckout(session.id, { card: '4000 0027 6000 3184' })).toMatchObject({ status: 'complete' });
  });

  it('advances a test clock until it is ready: the subscription renews on it', async () => {
    const price = await monthlyPrice();
    const start = Math.floor(clock.now() / 1000);
    const testClock = await emulator.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await emulator.stripe.customers.create({ test_clock: testClock.id, payment_method: 'pm_card_visa' });
    const card = (await emulator.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await emulator.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const subscription = await emulator.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const periodEnd = subscription.items.data[0]!.current_period_end;
    const ready = await emulator.advanceTestClock(testClock.id, new Date((periodEnd + 3600) * 1000));
    expect(ready).toMatchObject({ status: 'ready', frozen_time: periodEnd + 3600 });
    const renewed = await emulator.stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]!.current_period_start).toBe(periodEnd);
    const invoices = await emulator.stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((i) => i.status)).toEqual(['paid', 'paid']);
  });

  it('reset() forgets every object', async () => {
    await emulator.stripe.customers.create({ email: 'gone@example.com' });
    expect((await emulator.stripe.customers.list()).data.length).toBeGreaterThan(0);
    await emulator.reset();
    expect((await emulator.stripe.customers.list()).data).toEqual([]);
  });
});

import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { planPrice, submitForm } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

describe('Checkout Sessions and the hosted Checkout page', () => {
  const t = suiteEmulator();
  let monthly: Stripe.Price;
  beforeAll(async () => {
    monthly = await planPrice(t.stripe, 'Pro plan', 2000);
  });

  it('creates a payment session with price_data, retrieves it with line items, lists and expires', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'Credits pack' } }, quantity: 2 }],
      customer_email: 'buyer@example.com',
      client_reference_id: 'order-7',
      metadata: { order: '7' },
      success_url: 'https://app.example.com/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example.com/cancel',
    });
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 3000,
      amount_total: 3000,
      currency: 'usd',
      client_reference_id: 'order-7',
      customer_email: 'buyer@example.com',
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toContain(`/c/pay/${session.id}`);
    const fetched = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(fetched.line_items?.data[0]).toMatchObject({ object: 'item', quantity: 2, amount_total: 3000, description: 'Credits pack' });
    const items = await t.stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data).toHaveLength(1);
    const listed = await t.stripe.checkout.sessions.list({ limit: 100 });
    expect(listed.data.map((s) => s.id)).toContain(session.id);
    const expired = await t.stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    const again = await rejectionOf(t.stripe.checkout.sessions.expire(session.id));
    expect(again.statusCode).toBe(400);
    const page = await fetch(session.url!);
    expect(page.status).toBe(410);
  });

  it('rejects bad parameters naming the parameter', async () => {
    const both = await rejectionOf(
      t.stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: monthly.id, quantity: 1 }],
        customer: 'cus_x',
        customer_email: 'a@b.co',
      }),
    );
    expect(both.param).toBe('customer_email');
    const recurring = await rejectionOf(t.stripe.checkout.sessions.create({ mode: 'payment', line_items: [{ price: monthly.id, quantity: 1 }] }));
    expect(recurring.param).toBe('line_items[0][price]');
    const missingPrice = await rejectionOf(t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: 'price_nope', quantity: 1 }] }));
    expect(missingPrice).toMatchObject({ statusCode: 404, param: 'line_items[0][price]' });
    const expires = await rejectionOf(
      t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: monthly.id, quantity: 1 }], expires_at: t.now() + 60 }),
    );
    expect(expires.param).toBe('expires_at');
    const unknown = await rejectionOf(t.stripe.checkout.sessions.create({ mode: 'setup', colour: 'red' } as Stripe.Checkout.SessionCreateParams));
    expect(unknown.param).toBe('colour');
  });

  it('pays a payment session on the hosted page: form errors change nothing, success redirects with events', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'E-book' } }, quantity: 1 }],
      payment_intent_data: { metadata: { sku: 'ebook' } },
      success_url: 'https://shop.example.com/thanks/{CHECKOUT_SESSION_ID}',
    });
    const page = await fetch(session.url!);
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(body).toContain('$9.99');
    expect(body).toContain('name="email"');
    const customersBefore = (await t.stripe.customers.list({ limit: 100 })).data.length;
    const bad = await submitForm(session.url!, { email: '', card_number: '4242 4242 4242 4241', card_expiry: '01 / 20', card_cvc: '1' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Your email is required.');
    expect(html).toContain('Your card number is invalid.');
    expect(html).toContain('expiration date is in the past');
    expect(html).toContain('security code is incomplete');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await t.stripe.customers.list({ limit: 100 })).data.length).toBe(customersBefore);

    const done = await submitForm(session.url!, { email: 'reader@example.com', ...CARD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`https://shop.example.com/thanks/${session.id}`);
    const completed = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email: 'reader@example.com' } });
    const pi = completed.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ status: 'succeeded', amount: 999, metadata: { sku: 'ebook' } });
    const types = t.emulator.emulator.db.events.newestFirst().map((e) => e.type);
    expect(types).toContain('checkout.session.completed');
    expect(types).toContain('payment_intent.succeeded');
  });

  it('subscribes a new customer, shows a decline without completing, and runs 3-D Secure', async () => {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: monthly.id, quantity: 2 }],
      subscription_data: { metadata: { plan: 'pro' } },
      success_url: 'https://app.example.com/ok',
      cancel_url: 'https://app.example.com/cancel',
    });
    expect(session.amount_total).toBe(4000);
    const declined = await submitForm(session.url!, { email: 'sub@example.com', ...CARD, card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await t.stripe.customers.list({ email: 'sub@example.com' })).data).toEqual([]);

    const challenge = await submitForm(session.url!, { email: 'sub@example.com', ...CARD, card_number: '4000 0027 6000 3184' });
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toContain('Complete authentication');
    const failed = await submitForm(`${session.url!}/authenticate`, { decision: 'fail' });
    expect(failed.status).toBe(402);
    expect(await failed.text()).toContain('unable to authenticate');
    await submitForm(session.url!, { email: 'sub@example.com', ...CARD, card_number: '4000 0027 6000 3184' });
    const approved = await submitForm(`${session.url!}/authenticate`, { decision: 'approve' });
    expect(approved.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'customer'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: 'active', metadata: { plan: 'pro' } });
    expect(sub.items.data[0]).toMatchObject({ quantity: 2 });
    expect((done.customer as Stripe.Customer).email).toBe('sub@example.com');
  });

  it('applies a promotion code typed on the page and starts a trial with no payment due', async () => {
    const coupon = await t.stripe.coupons.create({ percent_off: 25, duration: 'once' });
    await t.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LAUNCH25' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'payment',
      allow_promotion_codes: true,
      line_items: [{ price_data: { currency: 'usd', unit_amount: 4000, product_data: { name: 'Course' } }, quantity: 1 }],
      customer_email: 'promo@example.com',
    });
    const wrong = await submitForm(session.url!, { action: 'apply_promotion', promotion_code: 'NOPE' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('This code is invalid.');
    const applied = await submitForm(session.url!, { action: 'apply_promotion', promotion_code: 'launch25' });
    expect(await applied.text()).toContain('$30.00');
    const after = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(after).toMatchObject({ amount_subtotal: 4000, amount_total: 3000, total_details: { amount_discount: 1000 } });
    await submitForm(session.url!, CARD);
    const paid = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    expect((paid.payment_intent as Stripe.PaymentIntent).amount).toBe(3000);
    expect((await t.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);

    const customer = await t.stripe.customers.create({ email: 'trial@example.com' });
    const trial = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      subscription_data: { trial_period_days: 14 },
    });
    expect(await (await fetch(trial.url!)).text()).toContain('trial@example.com');
    expect(trial.amount_total).toBe(0);
    const res = await submitForm(trial.url!, { ...CARD, card_number: '4000 0000 0000 0341' });
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(trial.id, { expand: ['subscription'] });
    expect(done).toMatchObject({ payment_status: 'no_payment_required', customer: customer.id });
    expect((done.subscription as Stripe.Subscription).status).toBe('trialing');
  });

  it('saves a card in setup mode', async () => {
    const customer = await t.stripe.customers.create({ email: 'setup@example.com' });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'setup',
      customer: customer.id,
      currency: 'usd',
      success_url: 'https://app.example.com/saved',
    });
    const res = await submitForm(session.url!, CARD);
    expect(res.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required' });
    expect((done.setup_intent as Stripe.SetupIntent).status).toBe('succeeded');
    expect((await t.stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
  });
});

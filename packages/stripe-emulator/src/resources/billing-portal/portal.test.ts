import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { payingCustomer, planPrice, submitForm } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('customer portal', () => {
  const t = suiteEmulator();
  let basic: Stripe.Price;
  let pro: Stripe.Price;
  beforeAll(async () => {
    basic = await planPrice(t.stripe, 'Basic', 1000);
    pro = await planPrice(t.stripe, 'Pro', 3000);
  });

  async function subscribedCustomer(email: string): Promise<{ customer: Stripe.Customer; sub: Stripe.Subscription }> {
    const customer = await payingCustomer(t.stripe, { email });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    return { customer, sub };
  }

  it('has a default configuration and creates, lists and updates others', async () => {
    const defaults = await t.stripe.billingPortal.configurations.list({ is_default: true });
    expect(defaults.data).toHaveLength(1);
    expect(defaults.data[0]!.features.subscription_cancel).toMatchObject({ enabled: true, mode: 'at_period_end' });
    const config = await t.stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Acme billing' },
      features: {
        subscription_cancel: { enabled: true, mode: 'immediately' },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price'],
          products: [{ product: typeof pro.product === 'string' ? pro.product : pro.product.id, prices: [pro.id] }],
        },
        invoice_history: { enabled: true },
      },
    });
    expect(config).toMatchObject({
      is_default: false,
      business_profile: { headline: 'Acme billing' },
      features: { subscription_cancel: { mode: 'immediately' } },
    });
    expect((await t.stripe.billingPortal.configurations.update(config.id, { active: false })).active).toBe(false);
    const { customer } = await subscribedCustomer('inactive@example.com');
    expect((await rejectionOf(t.stripe.billingPortal.sessions.create({ customer: customer.id, configuration: config.id }))).param).toBe('configuration');
  });

  it('creates sessions with flows and validates them', async () => {
    const { customer, sub } = await subscribedCustomer('flows@example.com');
    const other = await subscribedCustomer('other@example.com');
    const session = await t.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://app.example.com/account',
      flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } },
    });
    expect(session).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      return_url: 'https://app.example.com/account',
      flow: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } },
    });
    expect(session.url).toContain(`/p/session/${session.id}`);
    const wrong = await rejectionOf(
      t.stripe.billingPortal.sessions.create({
        customer: customer.id,
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: other.sub.id } },
      }),
    );
    expect(wrong.param).toBe('flow_data[subscription_cancel][subscription]');
    expect((await rejectionOf(t.stripe.billingPortal.sessions.create({ customer: 'cus_missing' }))).statusCode).toBe(404);
  });

  it('lists plans, invoices and the card; cancels at period end, resumes, switches plan with proration, replaces the card', async () => {
    const { customer, sub } = await subscribedCustomer('portal@example.com');
    const session = await t.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://app.example.com/account' });
    const page = await (await fetch(session.url)).text();
    expect(page).toContain('Basic');
    expect(page).toContain('$10.00 per month');
    expect(page).toContain('Renews on');
    expect(page).toContain('/invoices/');
    expect(page).toContain('•••• 4242');
    expect(page).toContain('https://app.example.com/account');

    const base = `${session.url}/subscriptions/${sub.id}`;
    const canceled = await submitForm(`${base}/cancel`);
    expect(canceled.status).toBe(303);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    expect(await (await fetch(new URL(canceled.headers.get('location')!, session.url))).text()).toContain('Cancels on');
    await submitForm(`${base}/resume`);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

    const switched = await submitForm(`${base}/update`, { price: pro.id });
    expect(switched.status).toBe(303);
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0]!.price.id).toBe(pro.id);
    const prorations = (await t.stripe.invoiceItems.list({ customer: customer.id })).data.filter((ii) => ii.proration);
    expect(prorations.length).toBeGreaterThan(0);
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => (e.data.object as { id?: string }).id === sub.id)
      .map((e) => e.type);
    expect(types.filter((x) => x === 'customer.subscription.updated').length).toBeGreaterThanOrEqual(3);

    const before = (await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    const bad = await submitForm(`${session.url}/payment-method`, { card_number: '1234', card_expiry: '13 / 30', card_cvc: '' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Your card number is incomplete.');
    expect(badHtml).toContain('expiration month is invalid');
    expect(((await t.stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(
      before.invoice_settings.default_payment_method,
    );
    const replaced = await submitForm(`${session.url}/payment-method`, { card_number: '5555 5555 5555 4444', card_expiry: '10 / 35', card_cvc: '321' });
    expect(replaced.status).toBe(303);
    const updated = (await t.stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] })) as Stripe.Customer;
    expect((updated.invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('4444');
  });

  it('cancels immediately when configured so and redirects after a flow', async () => {
    const config = await t.stripe.billingPortal.configurations.create({
      features: { subscription_cancel: { enabled: true, mode: 'immediately' }, invoice_history: { enabled: false } },
    });
    const { customer, sub } = await subscribedCustomer('now@example.com');
    const session = await t.stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: config.id,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: sub.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://app.example.com/bye' } },
      },
    });
    const res = await submitForm(`${session.url}/subscriptions/${sub.id}/cancel`);
    expect(res.headers.get('location')).toBe('https://app.example.com/bye');
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });
});

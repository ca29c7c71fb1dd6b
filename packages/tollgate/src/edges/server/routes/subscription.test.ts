import { beforeAll, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../../../commands/customers/get-or-create.ts';
import { unwrap } from '../../../core/lib/result.ts';
import { applyStripeObject } from '../../../stripe-in/mirror/apply.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

async function subscribe(t: TestApp, externalId: string, plan: string) {
  const { customer } = unwrap(await getOrCreateCustomer(t.deps, { externalId }));
  const pm = await t.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
  await t.deps.stripe.customers.update(customer.stripeCustomerId, { invoice_settings: { default_payment_method: pm.id } });
  const [price] = (await t.deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey(plan, 'month')] })).data;
  const sub = await t.deps.stripe.subscriptions.create({
    customer: customer.stripeCustomerId,
    items: [{ price: price?.id ?? '' }],
    default_payment_method: pm.id,
  });
  await applyStripeObject(t.deps, sub);
  await applyStripeObject(t.deps, await t.deps.stripe.paymentMethods.retrieve(pm.id));
  return sub;
}

describe(`subscription, invoices and payment-methods routes against the emulator (${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true } }));
  beforeAll(async () => {
    unwrap(await pushConfig(t.deps, { apply: true }));
  });

  it('reads nothing for a customer who never bought', async () => {
    const token = await t.tokenFor('never');
    expect(await (await t.call('GET', '/api/v1/billing/subscription', { auth: token })).json()).toEqual({ subscription: null });
    expect(await (await t.call('GET', '/api/v1/billing/invoices?limit=5', { auth: token })).json()).toEqual({ data: [] });
    const cancel = await t.call('POST', '/api/v1/billing/subscription/cancel', { auth: token });
    expect(cancel.status).toBe(404);
  });

  it('reads, previews, changes, cancels and resumes through HTTP', async () => {
    const sub = await subscribe(t, 'u_http', 'pro');
    const token = await t.tokenFor('u_http');
    const read = await t.call('GET', '/api/v1/billing/subscription', { auth: token });
    expect(await read.json()).toMatchObject({
      subscription: { id: sub.id, plan_key: 'pro', status: 'active', amount: 1500, currency: 'usd', amount_formatted: '$15.00', cancel_at_period_end: false },
    });
    const cards = (await (await t.call('GET', '/api/v1/billing/payment-methods', { auth: token })).json()) as { data: { last4: string }[] };
    expect(cards.data.map((c) => c.last4)).toEqual(['4242']);

    const preview = await t.call('POST', '/api/v1/billing/subscription/change/preview', { auth: token, body: { plan: 'business' } });
    const previewBody = (await preview.json()) as { direction: string; currency: string; amount_due: number; amount_due_formatted: string };
    expect(preview.status, JSON.stringify(previewBody)).toBe(200);
    expect(previewBody).toMatchObject({ direction: 'upgrade', currency: 'usd' });
    expect(previewBody.amount_due_formatted).toMatch(/^\$/);

    const canceled = await t.call('POST', '/api/v1/billing/subscription/cancel', { auth: token, body: {} });
    expect(await canceled.json()).toMatchObject({ subscription: { cancel_at_period_end: true, status: 'active' } });
    const resumed = await t.call('POST', '/api/v1/billing/subscription/resume', { auth: token });
    expect(await resumed.json()).toMatchObject({ subscription: { cancel_at_period_end: false } });

    const changed = await t.call('POST', '/api/v1/billing/subscription/change', { auth: token, body: { plan: 'business', when: 'now' } });
    expect(await changed.json()).toMatchObject({ direction: 'upgrade', effective: 'now', subscription: { plan_key: 'business', amount: 4900 } });
    const invoices = (await (await t.call('GET', '/api/v1/billing/invoices', { auth: token })).json()) as { data: unknown[] };
    expect(Array.isArray(invoices.data)).toBe(true);
  });

  it('refuses a bad limit and an unknown plan naming the field', async () => {
    const bad = await t.call('GET', '/api/v1/billing/invoices?customer=x&limit=500', { auth: t.secretKey });
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'limit' } });
    await subscribe(t, 'u_plan', 'pro');
    const plan = await t.call('POST', '/api/v1/billing/subscription/change', { auth: t.secretKey, body: { customer: 'u_plan', plan: 'gold' } });
    expect(await plan.json()).toMatchObject({ error: { code: 'plan_not_found', param: 'plan' } });
  });

  it('an upgrade with a card whose charges fail keeps the old plan (402 payment_failed, the invoice to pay) and applies once that invoice is paid', async () => {
    const sub = await subscribe(t, 'u_declined', 'pro');
    const customer = sub.customer as string;
    const failing = await t.deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await t.deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const token = await t.tokenFor('u_declined');
    const limit = async () =>
      ((await (await t.call('POST', '/api/v1/billing/check', { auth: token, body: { feature: 'messages' } })).json()) as { limit: number }).limit;
    expect(await limit()).toBe(500);

    const changed = await t.call('POST', '/api/v1/billing/subscription/change', { auth: token, body: { plan: 'business', when: 'now' } });
    const refused = (await changed.json()) as {
      error: { code: string; param: string; invoice: string; hosted_invoice_url: string | null; pending_until: string };
    };
    expect(changed.status, JSON.stringify(refused)).toBe(402);
    expect(refused.error).toMatchObject({ code: 'payment_failed', param: 'plan', invoice: expect.stringMatching(/^in_/) as unknown });
    expect(refused.error.hosted_invoice_url).toMatch(/^http/);
    // Stripe kept the subscription as it was; so does the mirror, and so do the limits.
    expect(await (await t.call('GET', '/api/v1/billing/subscription', { auth: token })).json()).toMatchObject({
      subscription: { plan_key: 'pro', amount: 1500, status: 'active' },
    });
    expect(await limit()).toBe(500);
    const pending = await t.deps.stripe.subscriptions.retrieve(sub.id);
    expect(pending.pending_update?.subscription_items?.[0]?.price.lookup_key).toBe(planPriceLookupKey('business', 'month'));

    // The customer pays the invoice with a working card: Stripe applies the change, and its webhook brings it in.
    const visa = await t.deps.stripe.paymentMethods.attach('pm_card_visa', { customer });
    expect((await t.deps.stripe.invoices.pay(refused.error.invoice, { payment_method: visa.id })).status).toBe('paid');
    await applyStripeObject(t.deps, await t.deps.stripe.subscriptions.retrieve(sub.id));
    expect(await (await t.call('GET', '/api/v1/billing/subscription', { auth: token })).json()).toMatchObject({
      subscription: { plan_key: 'business', amount: 4900 },
    });
    expect(await limit()).toBe(2000);
  });

  it('a customer token cannot ask for a prorated credit when it cancels now: 403, the subscription stays', async () => {
    const sub = await subscribe(t, 'u_credit', 'pro');
    const token = await t.tokenFor('u_credit');
    const cancel = await t.call('POST', '/api/v1/billing/subscription/cancel', { auth: token, body: { at_period_end: false, prorate: true } });
    expect(cancel.status).toBe(403);
    expect(await cancel.json()).toMatchObject({ error: { code: 'forbidden', param: 'prorate' } });
    expect((await t.deps.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});

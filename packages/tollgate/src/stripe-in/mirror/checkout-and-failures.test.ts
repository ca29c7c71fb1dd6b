import { eq } from 'drizzle-orm';
import { payOnHostedPage } from '../../testing/hosted-checkout.test-support.ts';
import { describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import { createWebhookTestbed, deliver } from '../webhooks/test-support.ts';
import { getSubscription } from '../../reads/billing/get-subscription.ts';
import { monthlyPlanPrice } from './scenario.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('checkout sessions and failed payments', () => {
  const bed = perTest(createWebhookTestbed);
  const hookTypes = async () => (await bed.deps.db.select().from(outbox)).map((h) => h.type);

  it('records a one-time purchase and emits purchase.completed once, duplicates included', async () => {
    const session = await bed.deps.stripe.checkout.sessions.create({
      mode: 'payment',
      client_reference_id: 'user_7',
      metadata: { tollgate_product: 'agent-pack' },
      line_items: [{ price_data: { currency: 'usd', unit_amount: 999, product_data: { name: 'Agent pack' } }, quantity: 1 }],
      success_url: 'https://app.example.com/thanks',
    });
    await payOnHostedPage(session, 'buyer@example.com');
    for (const e of [...bed.events, ...bed.events]) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const [purchase] = await bed.deps.db.select().from(purchases).where(eq(purchases.id, session.id));
    expect(purchase).toMatchObject({
      status: 'complete',
      paymentStatus: 'paid',
      productKey: 'agent-pack',
      externalId: 'user_7',
      amountTotal: 999,
      currency: 'usd',
    });
    expect((await hookTypes()).filter((t) => t === 'purchase.completed')).toHaveLength(1);
  });

  it('a subscription checkout links the app user and activates the plan', async () => {
    const { price } = await monthlyPlanPrice(bed.deps.stripe, { plan: 'pro', name: 'Pro', amount: 1500 });
    const session = await bed.deps.stripe.checkout.sessions.create({
      mode: 'subscription',
      client_reference_id: 'user_8',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.com/welcome',
    });
    await payOnHostedPage(session, 'subscriber@example.com');
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const [customer] = await bed.deps.db.select().from(customers).where(eq(customers.externalId, 'user_8'));
    expect(customer?.stripeCustomerId).toMatch(/^cus_/);
    expect(await getSubscription(bed.deps, { externalId: 'user_8' })).toMatchObject({ ok: true, value: { planKey: 'pro', status: 'active', amount: 1500 } });
    expect((await hookTypes()).filter((t) => t === 'subscription.activated')).toHaveLength(1);
  });

  it('a failing card emits payment.failed', async () => {
    const product = await bed.deps.stripe.products.create({ name: 'Pro' });
    const price = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
    const customer = await bed.deps.stripe.customers.create({ email: 'f@example.com', metadata: { tollgate_external_id: 'user_f' } });
    const pm = await bed.deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await bed.deps.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await bed.deps.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] }).catch(() => undefined);
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const failed = await bed.deps.db.select().from(outbox).where(eq(outbox.type, 'payment.failed'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ externalId: 'user_f', payload: { invoice: { status: 'open', attemptCount: 1, amountDue: 1500 } } });
    expect(await hookTypes()).not.toContain('subscription.activated');
  });
});

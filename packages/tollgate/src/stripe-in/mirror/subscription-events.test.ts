import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outbox } from '../../core/db/schema/outbox.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { createWebhookTestbed, deliver } from '../webhooks/test-support.ts';
import { applyStripeObject } from './apply.ts';
import { getSubscription } from '../../reads/billing/get-subscription.ts';
import { listInvoices } from '../../reads/billing/list-invoices.ts';
import { runSubscriptionScenario } from './scenario.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('subscriptions through webhooks', () => {
  const bed = perTest(createWebhookTestbed);

  it('mirrors the lifecycle, emits the hooks and serves the reads', async () => {
    const s = await runSubscriptionScenario(bed.deps.stripe);
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const current = await getSubscription(bed.deps, { externalId: 'user_1' });
    expect(current).toMatchObject({
      ok: true,
      value: { id: s.created.id, planKey: 'pro', status: 'active', interval: 'year', quantity: 2, amount: 58000, cancelAtPeriodEnd: true },
    });
    const items = await bed.deps.db.select().from(subscriptionItems);
    expect(items).toMatchObject([{ priceId: s.yearly.id, planKey: 'pro', quantity: 2, unitAmount: 29000, interval: 'year' }]);
    const invoices = await listInvoices(bed.deps, { externalId: 'user_1' });
    if (!invoices.ok) throw new Error(invoices.error.message);
    expect(invoices.value.map((i) => [i.status, i.amountPaid])).toEqual(
      expect.arrayContaining([
        ['paid', 5800],
        ['paid', 52200],
      ]),
    );
    expect(invoices.value.every((i) => i.hostedInvoiceUrl?.startsWith('http'))).toBe(true);
    const hooks = (await bed.deps.db.select().from(outbox).orderBy(asc(outbox.id))).map((h) => h.type);
    expect(hooks.filter((t) => t === 'payment.succeeded')).toHaveLength(2);
    expect(hooks).toEqual(expect.arrayContaining(['subscription.activated', 'plan.changed', 'subscription.cancel_scheduled']));
    expect(hooks.filter((t) => t === 'subscription.activated')).toHaveLength(1);
    const [activated] = await bed.deps.db.select().from(outbox).where(eq(outbox.type, 'subscription.activated'));
    expect(activated?.externalId).toBe('user_1');

    const before = bed.events.length;
    await bed.deps.stripe.subscriptions.cancel(s.created.id);
    for (const e of bed.events.slice(before)) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    expect((await getSubscription(bed.deps, { externalId: 'user_1' })).ok).toBe(true);
    expect(await getSubscription(bed.deps, { externalId: 'user_1' })).toEqual({ ok: true, value: null });
    expect((await bed.deps.db.select().from(outbox)).filter((h) => h.type === 'subscription.canceled')).toHaveLength(1);
  });

  it('an older customer.subscription.updated does not move the subscription back', async () => {
    const s = await runSubscriptionScenario(bed.deps.stripe);
    bed.deps.clock.advance(1000); // the next second, for the engine and Stripe alike
    await bed.deps.stripe.subscriptions.update(s.created.id, { cancel_at_period_end: false });
    const updates = bed.events.filter((e) => e.type === 'customer.subscription.updated');
    const latest = updates.at(-1);
    if (!latest) throw new Error('no update bed.events');
    expect(await deliver(bed.handler, bed.deps, latest)).toBe(200);
    for (const e of [...updates.slice(0, -1), ...bed.events.filter((x) => x.type === 'customer.subscription.created')]) {
      expect(e.created).toBeLessThan(latest.created);
      expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    }
    const [row] = await bed.deps.db.select().from(subscriptions);
    expect(row).toMatchObject({ cancelAtPeriodEnd: false, interval: 'year', sourceAt: latest.created });
  });

  it('a canceled subscription never comes back, even from a fetched stale copy', async () => {
    const s = await runSubscriptionScenario(bed.deps.stripe);
    await bed.deps.stripe.subscriptions.cancel(s.created.id);
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const result = await applyStripeObject(bed.deps, s.scheduled);
    expect(result.outcome).toBe('stale');
    const [row] = await bed.deps.db.select().from(subscriptions);
    expect(row?.status).toBe('canceled');
  });

  it('mirrors a discounted subscription (coupon figures when Stripe can expand them)', async () => {
    const product = await bed.deps.stripe.products.create({ name: 'Pro', metadata: { tollgate_plan: 'pro' } });
    const price = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } });
    const customer = await bed.deps.stripe.customers.create({ metadata: { tollgate_external_id: 'user_d' } });
    const pm = await bed.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await bed.deps.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const coupon = await bed.deps.stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    await bed.deps.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const [row] = await bed.deps.db.select().from(subscriptions);
    expect(row?.discounts).toHaveLength(1);
    // The stripe-emulator cannot expand `discounts` yet: the coupon is then left out (and logged), never guessed.
    expect([null, 20]).toContain(row?.discountPercentOff);
  });
});

import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { prices } from '../../core/db/schema/prices.ts';
import { createWebhookTestbed, deliver } from '../webhooks/test-support.ts';
import { applyStripeObject } from './apply.ts';
import { listPaymentMethods } from '../../reads/billing/list-payment-methods.ts';
import { monthlyPlanPrice } from './scenario.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('applyStripeObject', () => {
  const bed = perTest(createWebhookTestbed);
  const byType = (type: string) => bed.events.filter((e) => e.type === type);

  it("links a new Stripe customer to the app's row by external id", async () => {
    const now = bed.deps.clock.now();
    await bed.deps.db.insert(customers).values({ id: 'cust_app', externalId: 'org_42', timeZone: 'Europe/Paris', createdAt: now, updatedAt: now });
    const created = await bed.deps.stripe.customers.create({ email: 'a@example.com', name: 'Acme', metadata: { tollgate_external_id: 'org_42' } });
    const result = await applyStripeObject(bed.deps, created);
    expect(result.outcome).toBe('applied');
    const rows = await bed.deps.db.select().from(customers);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'cust_app',
      externalId: 'org_42',
      stripeCustomerId: created.id,
      email: 'a@example.com',
      name: 'Acme',
      timeZone: 'Europe/Paris',
    });
  });

  it('an older customer.updated never moves the customer back', async () => {
    const created = await bed.deps.stripe.customers.create({ email: 'old@example.com' });
    bed.deps.clock.advance(1000); // the next second, for the engine and Stripe alike
    await bed.deps.stripe.customers.update(created.id, { email: 'new@example.com' });
    const [createdEvent] = byType('customer.created');
    const [updatedEvent] = byType('customer.updated');
    if (!createdEvent || !updatedEvent) throw new Error('missing bed.events');
    expect(updatedEvent.created).toBeGreaterThan(createdEvent.created);
    expect(await deliver(bed.handler, bed.deps, updatedEvent)).toBe(200);
    expect(await deliver(bed.handler, bed.deps, createdEvent)).toBe(200);
    const [row] = await bed.deps.db.select().from(customers).where(eq(customers.stripeCustomerId, created.id));
    expect(row?.email).toBe('new@example.com');
    expect(row?.sourceAt).toBe(updatedEvent.created);
  });

  it('refetches when two versions share a second, and keeps what Stripe has now', async () => {
    const created = await bed.deps.stripe.customers.create({ email: 'one@example.com' });
    await bed.deps.stripe.customers.update(created.id, { email: 'two@example.com' });
    await bed.deps.stripe.customers.update(created.id, { email: 'three@example.com' });
    const updates = byType('customer.updated');
    const sameSecond = updates.filter((e) => e.created === updates[0]?.created);
    const stale = sameSecond.find((e) => (e.data.object as Stripe.Customer).email === 'two@example.com');
    if (!stale) return; // the two updates straddled a second: nothing in doubt to check
    const fresh = sameSecond.find((e) => e !== stale);
    if (fresh) await applyStripeObject(bed.deps, fresh.data.object as Stripe.Customer, { event: fresh });
    const result = await applyStripeObject(bed.deps, stale.data.object as Stripe.Customer, { event: stale });
    expect(result.refetched || result.outcome === 'stale').toBe(true);
    const [row] = await bed.deps.db.select().from(customers);
    expect(row?.email).toBe('three@example.com');
  });

  it('a deleted customer stays deleted whatever arrives later', async () => {
    const created = await bed.deps.stripe.customers.create({ email: 'x@example.com' });
    await bed.deps.stripe.customers.del(created.id);
    for (const e of [...byType('customer.deleted'), ...byType('customer.created')]) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    await applyStripeObject(bed.deps, created); // a stale copy, as a command's response might be
    const [row] = await bed.deps.db.select().from(customers);
    expect(row?.deleted).toBe(true);
  });

  it('mirrors payment methods through attach and detach, and reads them back', async () => {
    const customer = await bed.deps.stripe.customers.create({ email: 'p@example.com', metadata: { tollgate_external_id: 'user_p' } });
    const visa = await bed.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const mc = await bed.deps.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    await bed.deps.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: mc.id } });
    await bed.deps.stripe.paymentMethods.detach(visa.id);
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const read = await listPaymentMethods(bed.deps, { externalId: 'user_p' });
    expect(read.ok && read.value).toEqual([
      { id: mc.id, type: 'card', brand: 'mastercard', last4: mc.card?.last4, expMonth: mc.card?.exp_month, expYear: mc.card?.exp_year, isDefault: true },
    ]);
    expect(await listPaymentMethods(bed.deps, { externalId: '' })).toMatchObject({ ok: false, error: { param: 'externalId' } });
    expect(await listPaymentMethods(bed.deps, { externalId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'customer_not_found' } });
  });

  it('mirrors products and prices with their plan keys', async () => {
    const { product, price } = await monthlyPlanPrice(bed.deps.stripe, { plan: 'pro', name: 'Pro', amount: 2900 });
    for (const e of bed.events) expect(await deliver(bed.handler, bed.deps, e)).toBe(200);
    const [row] = await bed.deps.db.select().from(prices).where(eq(prices.id, price.id));
    expect(row).toMatchObject({ productId: product.id, planKey: 'pro', unitAmount: 2900, interval: 'month', type: 'recurring' });
  });
});

import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { customers } from '../../core/db/schema/customers.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { paymentEvents } from '../../core/db/schema/payment-events.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createWebhookHandler } from '../webhooks/handler.ts';
import { deliver, recordEvents, TEST_SECRET } from '../webhooks/test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

/**
 * Webhook batches (mirror/batch.ts): several deliveries in flight at once go
 * through one transaction. These tests hold every delivery until all have
 * arrived, so each batch really holds them all, and check what the
 * one-by-one road would have left.
 */
describe('webhook batches', () => {
  const deps = perTest(createTestDeps);
  let events: Stripe.Event[];
  let sizes: number[];
  let handler: (request: Request) => Promise<Response>;

  beforeEach(async () => {
    events = recordEvents(deps);
    sizes = [];
    handler = createWebhookHandler(deps, { secret: TEST_SECRET, batch: { concurrency: 1, onBatch: (n) => sizes.push(n) } });
  });

  /** Delivers all at once: the first goes alone, the rest wait for it and go together. */
  const deliverTogether = (list: object[]) => Promise.all(list.map((e) => deliver(handler, deps, e)));

  async function subscribe(externalId: string): Promise<Stripe.Subscription> {
    const price = await deps.stripe.prices.create({
      currency: 'usd',
      unit_amount: 2900,
      recurring: { interval: 'month' },
      product_data: { name: 'Pro' },
      lookup_key: planPriceLookupKey('pro', 'month'),
    });
    const customer = await deps.stripe.customers.create({ email: `${externalId}@example.com`, metadata: { tollgate_external_id: externalId } });
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await deps.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    return deps.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  }

  it("links the app's waiting row and points the batch's subscription and hooks at it", async () => {
    const now = deps.clock.now();
    await deps.db.insert(customers).values({ id: 'cust_app', externalId: 'org_1', timeZone: 'Europe/Paris', createdAt: now, updatedAt: now });
    const sub = await subscribe('org_1');
    // Subscription first, customer last: the batch must still link them.
    const reversed = [...events].reverse();
    const statuses = await deliverTogether(reversed);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(Math.max(...sizes)).toBeGreaterThan(3);
    const rows = await deps.db.select().from(customers);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'cust_app', externalId: 'org_1', stripeCustomerId: sub.customer, timeZone: 'Europe/Paris' });
    const [mirrored] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(mirrored).toMatchObject({ customerId: 'cust_app', status: 'active', planKey: 'pro' });
    // raw is the newest event's object, read from the ledger by the save.
    const newest = events.filter((e) => e.type.startsWith('customer.subscription.')).at(-1);
    expect(mirrored?.raw).toEqual(newest?.data.object);
    const hooks = await deps.db.select().from(outbox);
    expect(hooks.map((h) => h.type)).toContain('subscription.activated');
    // The first delivery went alone, before the customer arrived; the batch's hooks know the customer.
    const batched = hooks.filter((h) => h.eventId !== reversed[0]?.id);
    expect(batched.length).toBeGreaterThan(0);
    expect(batched.every((h) => h.customerId === 'cust_app' && h.externalId === 'org_1')).toBe(true);
  });

  it('never steals an external id linked to another Stripe customer', async () => {
    const now = deps.clock.now();
    await deps.db.insert(customers).values({ id: 'cust_taken', externalId: 'org_2', stripeCustomerId: 'cus_elsewhere', createdAt: now, updatedAt: now });
    const customer = await deps.stripe.customers.create({ email: 'x@example.com', metadata: { tollgate_external_id: 'org_2' } });
    await deps.stripe.customers.update(customer.id, { name: 'X' });
    expect((await deliverTogether(events)).every((s) => s === 200)).toBe(true);
    const [taken] = await deps.db.select().from(customers).where(eq(customers.id, 'cust_taken'));
    expect(taken?.stripeCustomerId).toBe('cus_elsewhere');
    const [mirrored] = await deps.db.select().from(customers).where(eq(customers.stripeCustomerId, customer.id));
    expect(mirrored).toMatchObject({ externalId: null, name: 'X' });
  });

  it('a customer linked after it was mirrored takes the one-by-one road, with the same result', async () => {
    const customer = await deps.stripe.customers.create({ email: 'late@example.com' });
    expect(await deliver(handler, deps, events[0] ?? {})).toBe(200);
    const now = deps.clock.now();
    await deps.db.insert(customers).values({ id: 'cust_late', externalId: 'org_3', createdAt: now, updatedAt: now });
    deps.clock.advance(1000); // the next second, for the engine and Stripe alike
    await deps.stripe.customers.update(customer.id, { metadata: { tollgate_external_id: 'org_3' } });
    await deps.stripe.customers.update(customer.id, { name: 'Late' });
    const statuses = await deliverTogether(events.slice(1));
    expect(statuses.every((s) => s === 200)).toBe(true);
    const rows = await deps.db.select().from(customers);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'cust_late', externalId: 'org_3', stripeCustomerId: customer.id, name: 'Late' });
  });

  it('a bad event fails alone: the rest of its batch lands and it is left unprocessed for the retry', async () => {
    await subscribe('org_4');
    const template = events.find((e) => e.type === 'customer.subscription.created');
    if (!template) throw new Error('no customer.subscription.created event');
    // A subscription without items: applying it throws.
    const broken = { ...template, id: 'evt_broken', data: { object: { ...template.data.object, items: undefined } } };
    const statuses = await deliverTogether([...events, broken]);
    expect(statuses.slice(0, -1).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(500);
    const ledger = await deps.db.select().from(paymentEvents);
    expect(ledger.filter((e) => e.processedAt !== null)).toHaveLength(events.length);
    const [failed] = ledger.filter((e) => e.id === 'evt_broken');
    expect(failed?.processedAt).toBeNull();
    expect(failed?.error).toBeTruthy();
    expect(await deps.db.select().from(subscriptions)).toHaveLength(1);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { unwrap } from '../../core/lib/result.ts';
import { listen, type Listening } from '../../edges/server/listen.ts';
import { deliverToEndpoint } from '../../notify/outbound/deliver.ts';
import { createWebhookEndpoint } from '../../notify/outbound/endpoints.ts';
import { recordFailure } from '../../stripe-in/webhooks/ingest-event.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { getCustomerOverview } from './customer-overview.ts';
import type { TimelineEntry } from './customer-timeline.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

// The failing receiver listens on 127.0.0.1: private addresses are allowed for this test.
const config = { ...defaultConfig, outbound: { allowPrivateNetworks: true } };

describe("one customer's timeline: its webhook events, hooks, deliveries and MRR movements", () => {
  const bed = perTest(() => createWebhookTestbed({ config }));
  let receiver: Listening;
  beforeEach(async () => {
    receiver = await listen(() => new Response('down for maintenance', { status: 503 }), { port: 0 });
  });
  afterEach(() => receiver.close());

  async function subscribe(externalId: string) {
    const { deps } = bed;
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId, email: `${externalId}@example.com` }));
    const stripeId = customer.stripeCustomerId ?? '';
    const card = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: stripeId });
    const product = await deps.stripe.products.create({ name: 'Pro' });
    const price = await deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
    await deps.stripe.subscriptions.create({ customer: stripeId, default_payment_method: card.id, items: [{ price: price.id }] });
    await bed.deliverNew();
    return stripeId;
  }

  it('shows the ledger rows about the customer (failed ones with their error), its hooks and their failed deliveries', async () => {
    const { deps } = bed;
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: receiver.url }));
    const ada = await subscribe('ada');
    await subscribe('bob');
    // An event about Ada whose processing failed, noted on the ledger as the webhook handler notes it.
    const failing = bed.events.find((e) => e.type === 'customer.subscription.created' && (e.data.object as { customer?: string }).customer === ada);
    if (!failing) throw new Error('no subscription event for ada');
    await recordFailure(deps, { ...failing, id: 'evt_failed_for_ada', type: 'invoice.payment_failed' }, undefined, new Error('database was down'));
    await deliverToEndpoint(deps, endpoint, { allowPrivate: true, timeoutMs: 5_000, batchSize: 50 });

    const overview = await getCustomerOverview(deps, { externalId: 'ada' });
    if (!overview.ok) throw new Error(overview.error.message);
    const timeline = (overview.value as { timeline: TimelineEntry[] }).timeline;
    const of = (kind: TimelineEntry['kind']) => timeline.filter((t) => t.kind === kind);

    // Events: only Ada's (by the object's customer, or the customer object itself), processed or failed with why.
    const events = of('event');
    const adaEvents = bed.events.filter((e) => {
      const object = e.data.object as { object?: string; id?: string; customer?: unknown };
      return object.customer === ada || (object.object === 'customer' && object.id === ada);
    });
    expect(events.map((e) => e.eventId).sort()).toEqual([...adaEvents.map((e) => e.id), 'evt_failed_for_ada'].sort());
    expect(events.find((e) => e.eventId === 'evt_failed_for_ada')).toMatchObject({
      type: 'invoice.payment_failed',
      status: 'failed',
      error: 'database was down',
    });
    expect(events.find((e) => e.type === 'customer.subscription.created' && e.eventId !== 'evt_failed_for_ada')).toMatchObject({
      status: 'processed',
      error: null,
    });

    // Hooks and their delivery to the endpoint that answered 503.
    expect(of('hook').map((h) => h.type)).toContain('subscription.activated');
    const deliveries = of('delivery');
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.length).toBe(of('hook').length);
    for (const d of deliveries) {
      expect(d).toMatchObject({ status: 'retrying', error: 'endpoint answered 503' });
      expect(d.detail).toContain(`to ${receiver.url}`);
      expect(d.detail).toContain('1 attempt, last answer 503');
    }
    expect(of('mrr')).toEqual([expect.objectContaining({ type: 'mrr.new', detail: 'MRR $0.00 → $25.00' })]);
    // Newest first.
    expect([...timeline].sort((a, b) => b.at.localeCompare(a.at))).toEqual(timeline);
  });
});

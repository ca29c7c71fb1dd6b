import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../testing/receiver.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('events and signed webhooks', () => {
  const t = suiteEmulator({ webhookRetryDelaysMs: [30, 30, 30] });

  it('lists and retrieves events with type filters', async () => {
    const customer = await t.stripe.customers.create({ email: 'events-list@example.com' });
    await t.stripe.customers.update(customer.id, { name: 'Changed' });
    const updated = await t.stripe.events.list({ type: 'customer.updated', limit: 1 });
    const event = updated.data[0]!;
    expect(event.type).toBe('customer.updated');
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event.data.previous_attributes).toEqual({ name: null });
    const again = await t.stripe.events.retrieve(event.id);
    expect(again).toEqual(event);
    const wildcard = await t.stripe.events.list({ type: 'customer.*', limit: 100 });
    expect(wildcard.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
    expect(await rejectionOf(t.stripe.events.retrieve('evt_nope'))).toMatchObject({ statusCode: 404 });
  });

  it('manages endpoints: whsec_ secret only at creation, update, delete', async () => {
    const endpoint = await t.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['customer.created'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const fetched = await t.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(fetched.secret).toBeUndefined();
    const updated = await t.stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ['*'], disabled: true });
    expect(updated).toMatchObject({ enabled_events: ['*'], status: 'disabled' });
    expect(await t.stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ id: endpoint.id, deleted: true });
    expect(await rejectionOf(t.stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }))).toMatchObject({ statusCode: 400, param: 'url' });
    expect(await rejectionOf(t.stripe.webhookEndpoints.create({ url: 'http://x.test' } as Stripe.WebhookEndpointCreateParams))).toMatchObject({
      code: 'parameter_missing',
      param: 'enabled_events',
    });
  });

  it('delivers signed events verifiable by stripe.webhooks.constructEvent, retrying non-2xx answers', async () => {
    const receiver = await startReceiver([500]);
    try {
      const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created', 'customer.updated'] });
      const customer = await t.stripe.customers.create({ email: 'hooked@example.com' });
      await t.stripe.customers.update(customer.id, { name: 'Hooked' });
      await t.stripe.products.create({ name: 'not subscribed to' });
      const deliveries = await receiver.waitFor(3);
      const events = deliveries.map((d) => t.stripe.webhooks.constructEvent(d.body, d.signature, endpoint.secret!, undefined, undefined, t.now()));
      // The retry of the first delivery may overtake the next event: Stripe does not promise order either.
      expect(events.map((e) => e.type).sort()).toEqual(['customer.created', 'customer.created', 'customer.updated']);
      const created = events.filter((e) => e.type === 'customer.created');
      expect(created[0]!.id).toBe(created[1]!.id);
      expect(events.find((e) => e.type === 'customer.updated')!.data.object.name).toBe('Hooked');
      expect(() => t.stripe.webhooks.constructEvent(deliveries[0]!.body, deliveries[0]!.signature, 'whsec_wrong')).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
      const log = (await (await fetch(`${t.emulator.url}/_emulator/webhook_deliveries?endpoint=${endpoint.id}`)).json()) as {
        data: { attempt: number; status: number; succeeded: boolean }[];
      };
      expect(log.data.map((d) => [d.attempt, d.status, d.succeeded])).toEqual(
        expect.arrayContaining([
          [1, 500, false],
          [2, 200, true],
        ]),
      );
      await t.stripe.webhookEndpoints.del(endpoint.id);
    } finally {
      await receiver.close();
    }
  });
});

import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { webhookDeliveries } from '../../core/db/schema/webhook-deliveries.ts';
import { enqueueHooks } from '../hooks/enqueue.ts';
import { unwrap } from '../../core/lib/result.ts';
import { listen, type Listening } from '../../edges/server/listen.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { deliverToEndpoint } from './deliver.ts';
import { createWebhookEndpoint } from './endpoints.ts';
import { signPayload, verifyWebhook } from './sign.ts';

/** A real HTTP receiver that fails the first `failures` deliveries. */
async function receiver(failures: number) {
  const received: { headers: Headers; body: string }[] = [];
  let left = failures;
  const app = new Hono();
  app.post('/hooks', async (c) => {
    received.push({ headers: c.req.raw.headers, body: await c.req.text() });
    if (left > 0) {
      left -= 1;
      return c.text('down', 503);
    }
    return c.text('ok');
  });
  const server = await listen(app.fetch, { port: 0 });
  return { received, server };
}

describe(`signed outbound webhooks (${testDriver()})`, () => {
  let deps: TestDeps | undefined;
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    await deps?.close();
    server = undefined;
    deps = undefined;
  });

  it('signs Standard Webhooks style, retries a failure with backoff from the outbox, then delivers once', async () => {
    // The receiver listens on 127.0.0.1: private addresses are allowed explicitly here.
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z', config: { ...defaultConfig, outbound: { allowPrivateNetworks: true } } });
    const r = await receiver(1);
    server = r.server;
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: `${r.server.url}/hooks` }));
    expect(endpoint.secret).toMatch(/^whsec_/);
    const invoice = {
      id: 'in_1',
      stripeCustomerId: 'cus_1',
      subscriptionId: null,
      status: 'open',
      currency: 'usd',
      amountDue: 1500,
      amountPaid: 0,
      attemptCount: 1,
      hostedInvoiceUrl: null,
    };
    const [outboxId] = await enqueueHooks(deps, [
      {
        type: 'payment.failed',
        objectId: 'in_1',
        stripeCustomerId: null,
        payload: { invoice },
      },
    ]);

    const first = await deliverToEndpoint(deps, endpoint);
    expect(first).toMatchObject({ delivered: 0, failed: 1 });
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 0, failed: 0 }); // backing off
    deps.clock.advance(59_999);
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 0, failed: 0 }); // the first retry comes after a minute
    deps.clock.advance(1);
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 1 });
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 0, failed: 0 });

    expect(r.received).toHaveLength(2);
    const last = r.received[1]!;
    expect(last.headers.get('webhook-id')).toBe(outboxId);
    expect(r.received[0]!.headers.get('webhook-id')).toBe(outboxId); // stable across retries
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    expect(verifyWebhook(endpoint.secret, last.headers, last.body, now)).toBe(true);
    expect(verifyWebhook(endpoint.secret, last.headers, `${last.body} `, now)).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXI=', last.headers, last.body, now)).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({ id: outboxId, type: 'payment.failed', data: { invoice: { id: 'in_1' } } });

    const [row] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
    expect(row).toMatchObject({ attempts: 2, lastStatus: 200, lastError: null });
    expect(row?.deliveredAt).toBeInstanceOf(Date);
  });

  it('computes the signature over "id.timestamp.body" with the base64 key', () => {
    // Vector from the Standard Webhooks specification.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const body = '{"test": 2432232314}';
    expect(signPayload(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});

import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../edges/auth/keys.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { webhookDeliveries } from '../../core/db/schema/webhook-deliveries.ts';
import { webhookEndpoints } from '../../core/db/schema/webhook-endpoints.ts';
import { enqueueHooks } from '../hooks/enqueue.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createApp } from '../../edges/server/app.ts';
import { listen } from '../../edges/server/listen.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { guardedLookup, privateAddressReason } from './address-guard.ts';
import { deliverToEndpoint } from './deliver.ts';
import { createWebhookEndpoint } from './endpoints.ts';
import { paidInvoice, type Receiver, startReceiver } from './receiver.test-support.ts';
import { startOutboundWorker } from './worker.ts';

const allowPrivate = { ...defaultConfig, outbound: { allowPrivateNetworks: true } };
// This machine's own name resolves to a private address on most hosts (/etc/hosts): a name, not a literal.
const host = hostname();
const hostIsPrivate = await lookup(host).then(
  (a) => privateAddressReason(a.address) !== null,
  () => false,
);
const ids = (r: Receiver) => r.received.map((m) => (JSON.parse(m.body) as { data: { invoice: { id: string } } }).data.invoice.id);

describe(`outbound webhook safety (${testDriver()})`, () => {
  let deps: TestDeps | undefined;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
    await deps?.close();
    deps = undefined;
  });

  it('a new endpoint receives the messages from its creation on; older ones only when asked (replay_since, message ids)', async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z', config: allowPrivate });
    const [old] = await enqueueHooks(deps, [paidInvoice('in_before')]);
    deps.clock.advance(1000);
    const r = await receiver();
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: r.url }));
    deps.clock.advance(1000);
    await enqueueHooks(deps, [paidInvoice('in_after')]);
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(ids(r)).toEqual(['in_after']);

    // Over the HTTP API: an endpoint added with replay_since gets the history too.
    const key = unwrap(await createApiKey(deps, { name: 'ops' })).key;
    const server = await listen(createApp({ deps, database: deps.database }), { port: 0 });
    try {
      const r2 = await receiver();
      const created = await fetch(`${server.url}/api/v1/billing/webhook-endpoints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: r2.url, replay_since: '2026-03-31T00:00:00Z' }),
      });
      const body = (await created.json()) as { id: string; replayed: number };
      expect({ status: created.status, replayed: body.replayed }).toEqual({ status: 201, replayed: 2 });
      const [second] = await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, body.id));
      expect(await deliverToEndpoint(deps, second!)).toEqual({ delivered: 2, failed: 0, dead: 0 });
      expect(ids(r2)).toEqual(['in_before', 'in_after']);
    } finally {
      await server.close();
    }
    const { replayWebhooks } = await import('./replay.ts');
    expect(await replayWebhooks(deps, { endpointId: endpoint.id, messageIds: [old ?? ''] })).toEqual({ ok: true, value: { replayed: 1, missing: [] } });
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(ids(r)).toEqual(['in_after', 'in_before']);
  });

  it('never follows a redirect: a 3xx is a failed delivery and the target is never called', async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z', config: allowPrivate });
    const internal = await receiver();
    const redirecting = await receiver(() => ({ status: 307, headers: { location: internal.url } }));
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: redirecting.url }));
    await enqueueHooks(deps, [paidInvoice('in_1')]);
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(redirecting.received).toHaveLength(1);
    expect(internal.received).toHaveLength(0);
    const [row] = await deps.db.select().from(webhookDeliveries);
    expect(row).toMatchObject({ lastStatus: 307, lastError: 'endpoint answered 307 (redirects are not followed)', deliveredAt: null });
  });

  it('refuses loopback, private and link-local addresses unless the operator allows them', async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z' });
    const r = await receiver();
    const port = new URL(r.url).port;
    for (const url of [
      r.url,
      `http://localhost:${port}/x`,
      `http://[::1]:${port}/x`,
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.8/x',
      'http://0x7f000001/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://192.168.1.1/x',
    ]) {
      const refused = await createWebhookEndpoint(deps, { url });
      expect(refused, url).toMatchObject({
        ok: false,
        error: { code: 'validation_failed', param: 'url', message: expect.stringMatching(/loopback|private/) as unknown },
      });
    }
    expect(await createWebhookEndpoint(deps, { url: 'https://hooks.example.com/tollgate' })).toMatchObject({ ok: true });

    // An endpoint stored before the policy (or edited in the database) is refused at delivery too, by address.
    const [sneaky] = await deps.db
      .insert(webhookEndpoints)
      .values({ id: 'whe_sneaky', url: r.url, secret: 'whsec_c2VjcmV0', events: [], createdAt: deps.clock.now() })
      .returning();
    await enqueueHooks(deps, [paidInvoice('in_1')]);
    expect(await deliverToEndpoint(deps, sneaky!)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(r.received).toHaveLength(0);
    const [row] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, 'whe_sneaky'));
    expect(row?.lastError).toMatch(/^refused: 127\.0\.0\.1 is a loopback, private or link-local address \(allow private networks explicitly/);
    // Allowed explicitly, it is delivered (at the next retry).
    deps.clock.advance(60_000);
    expect(await deliverToEndpoint(deps, sneaky!, { allowPrivate: true })).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(r.received).toHaveLength(1);
  });

  it('checks the address a name resolves to, when the socket connects', async () => {
    const refused = await new Promise<Error | null>((resolve) => guardedLookup('localhost', {}, (error) => resolve(error)));
    expect(refused?.message).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback/);
    expect(privateAddressReason('8.8.8.8')).toBeNull();
    expect(privateAddressReason('2606:4700:4700::1111')).toBeNull();
    expect(privateAddressReason('fe80::1')).toMatch(/link-local/);
    expect(privateAddressReason('100.64.1.1')).toMatch(/private/);
  });

  it.skipIf(!hostIsPrivate)(`refuses at delivery a name (${host}) that resolves to a private address`, async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z' });
    const r = await receiver();
    const url = r.url.replace('127.0.0.1', host);
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url }));
    await enqueueHooks(deps, [paidInvoice('in_1')]);
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(r.received).toHaveLength(0);
    const [row] = await deps.db.select().from(webhookDeliveries);
    expect(row?.lastError).toMatch(new RegExp(`^refused: ${host} resolves to`));
  });

  it('an endpoint that hangs holds its own lane only: the others are delivered, and it times out', async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z', config: allowPrivate });
    const stuck = await receiver(() => 'hang');
    const fine = await receiver();
    unwrap(await createWebhookEndpoint(deps, { url: fine.url }));
    deps.clock.advance(1);
    // Endpoints are listed newest first: the stuck one comes first.
    const stuckEndpoint = unwrap(await createWebhookEndpoint(deps, { url: stuck.url }));
    deps.clock.advance(1);
    await enqueueHooks(deps, [paidInvoice('in_1'), paidInvoice('in_2'), paidInvoice('in_3')]);
    // A real HTTP timeout: long enough that the healthy endpoint gets all three on a busy machine first.
    const worker = startOutboundWorker(deps, { intervalMs: 3_600_000, timeoutMs: 2_000, concurrency: 2 });
    const stuckRows = () => deps!.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, stuckEndpoint.id));
    try {
      const pass = worker.tick();
      while (fine.received.length < 3) await fine.next();
      // Every message reached the healthy endpoint while the stuck one still holds its first requests (2 at once).
      expect(ids(fine)).toEqual(['in_1', 'in_2', 'in_3']);
      expect(stuck.received.length).toBeLessThanOrEqual(2);
      expect(await stuckRows()).toEqual([]);
      await pass;
      const rows = await stuckRows();
      expect(rows.map((row) => row.lastError)).toEqual(Array(3).fill('timed out after 2000 ms'));
      expect(stuck.received).toHaveLength(3);
    } finally {
      await worker.stop();
    }
  });
});

import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../edges/auth/keys.ts';
import { noStripe, createCliDatabase } from '../../edges/cli/cli-database.test-support.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { outboxDeliveries } from '../../core/db/schema/outbox-deliveries.ts';
import { webhookDeliveries } from '../../core/db/schema/webhook-deliveries.ts';
import { enqueueHooks } from '../hooks/enqueue.ts';
import { manualClock } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { createIds } from '../../core/lib/ids.ts';
import { silentLogger } from '../../core/lib/log.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createApp } from '../../edges/server/app.ts';
import { listen, type Listening } from '../../edges/server/listen.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { deliverToEndpoint } from './deliver.ts';
import { createWebhookEndpoint, type WebhookEndpoint } from './endpoints.ts';
import { paidInvoice, type Receiver, startReceiver } from './receiver.test-support.ts';
import { MAX_ATTEMPTS, RETRY_SCHEDULE_MS } from './schedule.ts';

const HOUR = 3_600_000;
// The receivers listen on 127.0.0.1: private addresses are allowed explicitly in these tests.
const config = { ...defaultConfig, outbound: { allowPrivateNetworks: true } };

async function nextAttemptAt(deps: Pick<Deps, 'db'>, endpoint: WebhookEndpoint): Promise<Date | undefined> {
  const [row] = await deps.db
    .select()
    .from(outboxDeliveries)
    .where(eq(outboxDeliveries.consumer, `webhook:${endpoint.id}`));
  return row?.nextAttemptAt;
}

/** Drives one message through every attempt on the injected clock; returns the instants of the attempts. */
async function failEveryAttempt(deps: Deps & { clock: ReturnType<typeof manualClock> }, endpoint: WebhookEndpoint): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const due = i === 0 ? undefined : await nextAttemptAt(deps, endpoint);
    if (due) {
      deps.clock.set(due.getTime() - 1);
      expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: 0, dead: 0 }); // not due yet
      deps.clock.set(due);
    }
    at.push(deps.clock.now().getTime());
    const last = i === MAX_ATTEMPTS - 1;
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: last ? 0 : 1, dead: last ? 1 : 0 });
  }
  return at;
}

describe(`outbound webhooks retry for days and stay replayable (${testDriver()})`, () => {
  let deps: TestDeps | undefined;
  let receiver: Receiver | undefined;
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    await receiver?.close();
    await deps?.close();
    server = receiver = deps = undefined;
  });

  it("retries on Stripe's growing schedule for more than three days, gives up, and a replay over the HTTP API delivers it once", async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z', config });
    receiver = await startReceiver(() => ({ status: 503 }));
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: receiver.url }));
    const [messageId] = await enqueueHooks(deps, [paidInvoice('in_1')]);

    const at = await failEveryAttempt(deps, endpoint);
    expect(at.slice(1).map((t, i) => t - (at[i] ?? 0))).toEqual(RETRY_SCHEDULE_MS);
    expect((at.at(-1) ?? 0) - (at[0] ?? 0)).toBeGreaterThan(72 * HOUR);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    deps.clock.advance(30 * 24 * HOUR);
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: 0, dead: 0 }); // given up: no more tries

    const key = unwrap(await createApiKey(deps, { name: 'ops' })).key;
    server = await listen(createApp({ deps, database: deps.database }), { port: 0 });
    const api = (path: string, body?: object) =>
      fetch(`${server?.url}/api/v1/billing/${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));
    const failed = await api(`webhook-endpoints/deliveries?id=${endpoint.id}&failed=true`);
    expect(failed.json).toMatchObject({ data: [{ message_id: messageId, attempts: MAX_ATTEMPTS, last_status: 503, last_error: 'endpoint answered 503' }] });
    expect(await api('webhook-endpoints/replay', { id: endpoint.id, failed: true })).toEqual({ status: 200, json: { replayed: 1, missing: [] } });
    expect(await api('webhook-endpoints/replay', { id: endpoint.id })).toMatchObject({ status: 400, json: { error: { code: 'validation_failed' } } });

    receiver.answer = () => ({ status: 204 });
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(await deliverToEndpoint(deps, endpoint)).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(Array(MAX_ATTEMPTS + 1).fill(messageId));
    expect((await api(`webhook-endpoints/deliveries?id=${endpoint.id}&failed=true`)).json).toEqual({ data: [] });
    const [row] = await deps.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpoint.id)));
    expect(row).toMatchObject({ lastStatus: 204, failedAt: null, lastError: null });
  });
});

describe(`tollgate webhooks (in process, ${testDriver()})`, () => {
  it('lists the deliveries given up and replays them', async () => {
    const receiver = await startReceiver(() => ({ status: 500 }));
    const cli = await createCliDatabase({ TOLLGATE_OUTBOUND_ALLOW_PRIVATE: '1' });
    try {
      const added = await cli.run(['webhooks', 'add', '--url', receiver.url, '--json']);
      expect(added.err).toEqual([]);
      const endpointId = (JSON.parse(added.out.join('\n')) as { id: string }).id;

      const database = await cli.open();
      const [endpoint] = await database.db.query.webhookEndpoints.findMany();
      // The CLI stamped the endpoint with the wall clock; the test's clock starts a second later, fixed.
      const clock = manualClock((endpoint?.createdAt.getTime() ?? 0) + 1000);
      const deps = { config, db: database.db, stripe: noStripe, clock, ids: createIds(clock), log: silentLogger };
      const [messageId] = await enqueueHooks(deps, [paidInvoice('in_9')]);
      await failEveryAttempt(deps, endpoint as WebhookEndpoint);
      await database.close();

      const listed = await cli.run(['webhooks', 'deliveries', '--endpoint', endpointId, '--failed']);
      expect(listed.out.join('\n')).toMatch(new RegExp(`^MESSAGE\\s+TYPE\\s+ATTEMPTS\\s+STATUS.*\\n${messageId}\\s+payment.succeeded\\s+13\\s+500`));
      const replayed = await cli.run(['webhooks', 'replay', '--endpoint', endpointId, '--failed']);
      expect(replayed).toMatchObject({ code: 0, out: [`Replaying 1 message(s) to ${endpointId}: due now (a running server delivers them).`] });
      const missing = await cli.run(['webhooks', 'replay', '--endpoint', endpointId, '--message', 'obx_nope']);
      expect(missing).toMatchObject({ code: 3, err: ['tollgate webhooks replay: no outbox message obx_nope (message)'] });

      const again = await cli.open();
      receiver.answer = () => ({ status: 200 });
      expect(await deliverToEndpoint({ ...deps, db: again.db }, endpoint as WebhookEndpoint)).toEqual({ delivered: 1, failed: 0, dead: 0 });
      await again.close();
    } finally {
      await receiver.close();
      await cli.dispose();
    }
  }, 60_000);
});

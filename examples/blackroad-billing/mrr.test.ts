import { afterAll, beforeAll, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { signatureHeader } from 'tollgate';
import { createTestDeps, type TestDeps } from 'tollgate/testing';
import { runCli } from './cli.ts';
import { config } from './tollgate.config.ts';
import type { WebhookServer } from './webhook-server.ts';

const SUBSCRIBERS = 4_523;
const SECRET = 'whsec_blackroad_mrr_test';
let deps: TestDeps;
let server: WebhookServer;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const timers = { drainEveryMs: 3_600_000, seatSyncEveryMs: 3_600_000 };
  const result = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { deps, webhookSecret: () => SECRET, timers });
  if (result.server) server = result.server;
  return { code: result.code, out, err };
}

/** `n` calls of `task`, `width` at a time. */
async function pool(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

beforeAll(async () => {
  deps = await createTestDeps({ config });
  expect((await cli('setup')).code).toBe(0);
  expect((await cli('webhook', '--port', '0')).code).toBe(0);
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

it('4,523 one-seat $1 subscriptions: `metrics mrr` prints exactly "MRR: $4,523.00 (4,523 active subscriptions)"', async () => {
  if (!deps.testStripe) throw new Error('no emulator');
  const created: Stripe.Event[] = [];
  deps.testStripe.emulator.emulator.onEvent((event) => {
    if (event.type === 'customer.subscription.created') created.push(JSON.parse(JSON.stringify(event)) as Stripe.Event);
  });
  const [price] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:basic:month'] })).data;
  // 4,523 users, each on BlackRoad Basic with one seat (invoiced, so no card is needed per user).
  await pool(SUBSCRIBERS, 8, async (i) => {
    const customer = await deps.stripe.customers.create({ email: `user${i}@blackroad.test`, metadata: { tollgate_external_id: `usr_${i}` } });
    await deps.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price?.id ?? '', quantity: 1 }],
      collection_method: 'send_invoice',
      days_until_due: 30,
    });
  });
  expect(created).toHaveLength(SUBSCRIBERS);
  // Stripe delivers to the webhook server in parallel; so does this test (signed with the endpoint's secret).
  // Only the subscription events are sent: they are what MRR is made of, and the rest would only cost time.
  const at = Math.floor(deps.clock.now().getTime() / 1000);
  const statuses: number[] = [];
  await pool(created.length, 64, async (i) => {
    const body = JSON.stringify(created[i]);
    const response = await fetch(server.url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'stripe-signature': signatureHeader(body, SECRET, at) },
    });
    statuses.push(response.status);
    await response.arrayBuffer();
  });
  expect(statuses.filter((s) => s !== 200)).toEqual([]);

  expect(await cli('metrics', 'mrr')).toEqual({ code: 0, out: ['MRR: $4,523.00 (4,523 active subscriptions)'], err: [] });
}, 120_000);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrCreateCustomer, unwrap } from 'tollgate';
import { advanceTestClock, createTestDeps, type TestDeps } from 'tollgate/testing';
import { type LiveWebhooks, registerWebhooks } from '../test-support/webhooks.ts';
import { runCli } from './cli.ts';
import { config } from './tollgate.config.ts';
import { addUser, removeUser, setUserCount } from './users.ts';
import type { WebhookServer } from './webhook-server.ts';

// One emulator, database and `stripe_billing webhook` server for the file.
let deps: TestDeps;
let webhooks: LiveWebhooks;
let server: WebhookServer;
const printed: string[] = [];
let secret = '';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, { deps, webhookSecret: () => secret });
  return { code: result.code, out, err: err.join('\n'), server: result.server };
}
const basicPrice = async () => (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:basic:month'] })).data[0]?.id ?? '';

/** The seed's `client.customers.create(email, name, metadata={"blackroad_id": ...})`, with a saved card. */
async function customerWithCard(blackroadId: string, card = 'pm_card_visa', options: { testClock?: string } = {}): Promise<string> {
  let id: string;
  if (options.testClock) {
    const created = await deps.stripe.customers.create({
      email: `${blackroadId}@blackroad.test`,
      test_clock: options.testClock,
      metadata: { tollgate_external_id: blackroadId },
    });
    id = created.id;
  } else {
    id = unwrap(await getOrCreateCustomer(deps, { externalId: blackroadId, email: `${blackroadId}@blackroad.test`, name: 'Jane Doe' })).customer
      .stripeCustomerId;
  }
  const pm = await deps.stripe.paymentMethods.attach(card, { customer: id });
  await deps.stripe.customers.update(id, { invoice_settings: { default_payment_method: pm.id } });
  return id;
}
/** The signal lines printed since the last call: lets the emulator's webhooks land, then drains the server's hooks (what its timer does). */
let shown = 0;
async function signals(): Promise<string[]> {
  await webhooks.settled();
  await server.drain();
  const lines = printed.slice(shown);
  shown = printed.length;
  return lines;
}

beforeAll(async () => {
  deps = await createTestDeps({ config });
  const setup = await cli('setup');
  expect(setup.code).toBe(0);
  expect(setup.out.at(-1)).toMatch(/^Set up \d+ changes in Stripe\.$/);
  // `stripe_billing webhook --port 0`: the server prints its signals through the CLI's output.
  const log = (line: string) => printed.push(line);
  // Its timers are left to the test: hooks are drained and seats synced by hand, on the test's clock.
  const timers = { drainEveryMs: 3_600_000, seatSyncEveryMs: 3_600_000 };
  const started = await runCli(['webhook', '--port', '0'], { out: log, err: log }, { deps, webhookSecret: () => secret, timers });
  if (!started.server || !deps.testStripe) throw new Error('no webhook server');
  server = started.server;
  expect(printed.splice(0)).toEqual([`Listening for Stripe webhooks on ${server.url}`]);
  webhooks = await registerWebhooks(deps.stripe, deps.testStripe.emulator, server.url);
  secret = webhooks.secret;
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

describe("blackroad-billing: seed 002's CLI and signals on Tollgate", () => {
  it("setup is idempotent; subscriptions create, customers list/get and metrics mrr print the seed's lines; the signals follow", async () => {
    expect((await cli('setup')).out).toEqual(['Products and prices are up to date.']);
    const cus = await customerWithCard('usr_123');
    unwrap(await setUserCount(deps, 'usr_123', 1));
    const created = await cli('subscriptions', 'create', '--customer', cus, '--price', await basicPrice());
    expect(created.err).toBe('');
    expect(created.out).toEqual([expect.stringMatching(new RegExp(`^Created sub_\\w+ for ${cus}: BlackRoad Basic, 1 seat, active$`)) as unknown]);
    expect(await signals()).toEqual([
      `📦 FND → OS : subscription_started, customer=${cus}, plan=basic`,
      `💰 FND → OS : payment_received, customer=${cus}, amount=$1`,
      '📊 FND → OS : mrr_update, mrr=$1, change=+$1',
    ]);
    expect((await cli('metrics', 'mrr')).out).toEqual(['MRR: $1.00 (1 active subscription)']);
    expect((await cli('customers', 'list')).out.some((l) => l.startsWith(`${cus}  usr_123@blackroad.test  Jane Doe  usr_123  `))).toBe(true);
    const shown = await cli('customers', 'get', cus);
    expect(shown.out).toEqual([
      `Customer      ${cus}`,
      'Email         usr_123@blackroad.test',
      'Name          Jane Doe',
      'BlackRoad id  usr_123',
      expect.stringMatching(/^Subscription {2}sub_\w+ BlackRoad Basic, 1 seat, active$/) as unknown,
      'MRR           $1.00',
    ]);
  });

  it('refuses bad input in one line naming the flag, and writes nothing', async () => {
    const cus = await customerWithCard('usr_bad');
    const product = (await deps.stripe.prices.retrieve(await basicPrice())).product as string;
    const cases: [string[], string][] = [
      [['subscriptions', 'create', '--customer', cus, '--price', 'price_missing'], 'error: price_not_found (--price): '],
      [['subscriptions', 'create', '--customer', cus, '--price', product], 'error: validation_failed (--price): '],
      [['subscriptions', 'create', '--customer', cus], 'error: validation_failed (--price): '],
      [['subscriptions', 'create', '--customer', 'cus_missing', '--price', 'price_x'], 'error: customer_not_found (--customer): '],
      [['customers', 'get', 'cus_missing'], 'error: customer_not_found (<customer id>): '],
      [['customers', 'list', '--limit', '0'], 'error: validation_failed (--limit): '],
      [['webhook', '--port', 'eighty'], 'error: validation_failed (--port): '],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(...argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.err.startsWith(message), `${argv.join(' ')}: ${run.err}`).toBe(true);
    }
    const declined = await customerWithCard('usr_declined', 'pm_card_chargeCustomerFail');
    const refused = await cli('subscriptions', 'create', '--customer', declined, '--price', await basicPrice());
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error: payment_failed \(--customer\): /);
    expect((await cli('customers')).code).toBe(2);
    expect((await cli('metrics', 'mrr', '--bogus')).code).toBe(2);
    expect((await deps.stripe.subscriptions.list({ customer: cus })).data).toEqual([]);
  });

  it("seat sync: a team's added and removed users move its quantity in one Stripe call per burst, and its next invoice", async () => {
    const cus = await customerWithCard('org_team');
    unwrap(await setUserCount(deps, 'org_team', 5));
    const created = await cli('subscriptions', 'create', '--customer', cus, '--price', await basicPrice());
    expect(created.out[0]).toMatch(/BlackRoad Basic, 5 seats, active$/);
    expect(await signals()).toContain('📊 FND → OS : mrr_update, mrr=$6, change=+$5');
    const sub = (await deps.stripe.subscriptions.list({ customer: cus })).data[0]?.id ?? '';
    const updates = () => webhooks.types().filter((t) => t === 'customer.subscription.updated').length;
    const before = updates();

    for (const user of ['u6', 'u7', 'u8', 'u9']) unwrap(await addUser(deps, 'org_team', user));
    unwrap(await removeUser(deps, 'org_team', 'u2'));
    unwrap(await addUser(deps, 'org_team', 'u6')); // a retried add counts once
    expect((await server.syncSeats()).waiting).toEqual([{ customer: 'org_team', subscription: sub, from: 5, to: 8 }]);
    deps.clock.advance(60_000);
    expect((await server.syncSeats()).changed).toEqual([{ customer: 'org_team', subscription: sub, from: 5, to: 8 }]);
    expect((await server.syncSeats()).changed).toEqual([]);
    expect(updates() - before).toBe(1);
    expect((await deps.stripe.subscriptions.retrieve(sub)).items.data[0]?.quantity).toBe(8);
    const next = await deps.stripe.invoices.createPreview({ subscription: sub });
    expect(next.lines.data.map((l) => [l.quantity, l.amount, l.parent?.invoice_item_details?.proration ?? false])).toEqual(
      expect.arrayContaining([
        [5, -500, true],
        [8, 800, true],
        [8, 800, false],
      ]),
    );
    expect(await signals()).toEqual(['📊 FND → OS : mrr_update, mrr=$9, change=+$3']);

    unwrap(await addUser(deps, 'org_team', 'u10'));
    unwrap(await addUser(deps, 'org_team', 'u11'));
    deps.clock.advance(60_000);
    expect((await server.syncSeats()).changed).toEqual([{ customer: 'org_team', subscription: sub, from: 8, to: 10 }]);
    expect(await signals()).toEqual(['📊 FND → OS : mrr_update, mrr=$11, change=+$2', '🎉 FND → OS : milestone, mrr=$10']);
  });

  it('a failed renewal prints payment_failed with the retry count', async () => {
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(deps.clock.now().getTime() / 1000) });
    const cus = await customerWithCard('usr_late', 'pm_card_visa', { testClock: clock.id });
    await webhooks.settled(); // the customer reaches the mirror (linked by its metadata)
    expect((await cli('subscriptions', 'create', '--customer', cus, '--price', await basicPrice())).code).toBe(0);
    await signals();
    const failing = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: cus });
    await deps.stripe.customers.update(cus, { invoice_settings: { default_payment_method: failing.id } });
    await advanceTestClock(deps.stripe, clock.id, clock.frozen_time + 32 * 86_400);
    const lines = await signals();
    expect(lines).toContain(`⚠️ FND → OS : payment_failed, customer=${cus}, retry=1`);
    expect(lines.some((l) => l.includes('payment_received'))).toBe(false);
  });

  it('security: a webhook not signed with the endpoint secret is refused and changes nothing', async () => {
    const sub = (
      await deps.stripe.subscriptions.list({
        customer: (await deps.stripe.customers.search({ query: "metadata['tollgate_external_id']:'usr_123'" })).data[0]?.id ?? '',
      })
    ).data[0];
    if (!sub) throw new Error('no subscription for usr_123');
    const forged = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'customer.subscription.deleted',
      created: Math.floor(deps.clock.now().getTime() / 1000),
      livemode: false,
      data: { object: { ...sub, status: 'canceled' } },
    });
    for (const signature of ['t=1,v1=00', undefined]) {
      const response = await fetch(server.url, {
        method: 'POST',
        body: forged,
        headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
      });
      expect(response.status).toBe(400);
    }
    expect((await cli('customers', 'get', 'usr_123')).out).toContain(`Subscription  ${sub.id} BlackRoad Basic, 1 seat, active`);
    expect((await fetch(server.url.replace('/webhook', '/other'), { method: 'POST' })).status).toBe(404);
  });
});

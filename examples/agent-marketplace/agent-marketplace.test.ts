import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSubscription, pushConfig, unwrap } from 'tollgate';
import { createTestDeps, type TestDeps } from 'tollgate/testing';
import { payOnHostedPage } from '../test-support/hosted-checkout.ts';
import { type LiveWebhooks, registerWebhooks } from '../test-support/webhooks.ts';
import { createMarketplaceApp } from './app.ts';
import { config } from './tollgate.config.ts';
import { createUsers } from './users.ts';

// One emulator, database and Express server for the file.
let deps: TestDeps;
let server: Server;
let base = '';
let webhooks: LiveWebhooks;
const users = createUsers();
const alice = users.signIn({ id: 'customer_alice', email: 'alice@example.com' });
const bob = users.signIn({ id: 'customer_bob', email: 'bob@example.com' });

type Json = Record<string, unknown> & { error?: { code: string; param?: string; message: string } };
/** The seed's curl examples: `Authorization: Bearer {token}`, JSON in and out. */
async function curl(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json & Json[] };
}
const priceOf = async (plan: string) => (await deps.stripe.prices.list({ lookup_keys: [`tollgate:plan:${plan}:month`] })).data[0]?.id ?? '';
const now = () => Math.floor(deps.clock.now().getTime() / 1000);

beforeAll(async () => {
  deps = await createTestDeps({ config });
  unwrap(await pushConfig(deps, { apply: true }));
  let secret = '';
  const app = createMarketplaceApp(deps, { users, webhookSecret: () => secret });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!deps.testStripe) throw new Error('the test deps have no emulator');
  // The seed's dashboard step: the webhook points at /api/v1/billing/webhook.
  webhooks = await registerWebhooks(deps.stripe, deps.testStripe.emulator, `${base}/api/v1/billing/webhook`);
  secret = webhooks.secret;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await deps.close();
});

describe("agent-marketplace: seed 001's billing API on Tollgate, in Express", () => {
  it("free tier: 10 executions a month, then the plan's limit", async () => {
    for (let i = 0; i < 10; i++) expect((await curl('POST', '/api/v1/agents/summarizer/executions', alice)).status).toBe(201);
    const refused = await curl('POST', '/api/v1/agents/summarizer/executions', alice);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'limit_reached', limit: 10, used: 10 } } });
    expect(await curl('GET', '/api/v1/billing/subscription', alice)).toMatchObject({ status: 404, body: { error: { code: 'subscription_not_found' } } });
  });

  it("the seed's curl examples answer the seed's shapes: checkout, subscription, cards, invoices, usage, cancel, resume, portal", async () => {
    // POST checkout/session { price_id, success_url, cancel_url } -> { session_id, url }
    const checkout = await curl('POST', '/api/v1/billing/checkout/session', alice, {
      price_id: await priceOf('pro'),
      success_url: 'https://yourapp.com/success',
      cancel_url: 'https://yourapp.com/cancel',
    });
    expect(checkout.status).toBe(200);
    expect(Object.keys(checkout.body).sort()).toEqual(['session_id', 'url']);
    expect(checkout.body.session_id).toMatch(/^cs_/);
    const { page, location } = await payOnHostedPage(String(checkout.body.url));
    expect(page).toContain('Pro Plan');
    expect(location).toBe('https://yourapp.com/success');
    await webhooks.settled(); // checkout.session.completed and the rest reach /api/v1/billing/webhook

    const subscription = await curl('GET', '/api/v1/billing/subscription', alice);
    expect(subscription).toEqual({
      status: 200,
      body: {
        id: expect.stringMatching(/^sub_/) as unknown,
        status: 'active',
        current_period_start: now(),
        current_period_end: expect.any(Number) as unknown,
        cancel_at_period_end: false,
        plan_name: 'Pro Plan',
        plan_amount: 99.0,
      },
    });

    expect(await curl('GET', '/api/v1/billing/payment-methods', alice)).toEqual({
      status: 200,
      body: [{ id: expect.stringMatching(/^pm_/) as unknown, type: 'card', card_brand: 'visa', card_last4: '4242', card_exp_month: 12, card_exp_year: 2034 }],
    });
    expect(await curl('GET', '/api/v1/billing/invoices?limit=10', alice)).toEqual({
      status: 200,
      body: [
        {
          id: expect.stringMatching(/^in_/) as unknown,
          amount_due: 99.0,
          amount_paid: 99.0,
          status: 'paid',
          created: now(),
          invoice_pdf: expect.stringMatching(/^http/) as unknown,
        },
      ],
    });

    // POST usage/record?subscription_item_id=si_... { quantity, timestamp, action: increment }: the item the
    // seed's backend kept is Pro's metered item; the usage counts against Pro's 1,000 executions.
    const stripeSub = await deps.stripe.subscriptions.retrieve(String(subscription.body.id));
    const metered = stripeSub.items.data.find((i) => i.price.recurring?.usage_type === 'metered')?.id ?? '';
    const record = () =>
      curl(
        'POST',
        `/api/v1/billing/usage/record?subscription_item_id=${metered}`,
        alice,
        { quantity: 100, timestamp: now(), action: 'increment' },
        { 'idempotency-key': 'batch-1' },
      );
    const recorded = await record();
    expect(recorded).toEqual({
      status: 200,
      body: { id: expect.stringMatching(/^usg_/) as unknown, object: 'usage_record', quantity: 100, subscription_item: metered, timestamp: now() },
    });
    const retried = await record();
    expect(retried.body.id).toBe(recorded.body.id);
    expect((await curl('POST', '/api/v1/agents/summarizer/executions', alice)).body).toMatchObject({ plan: 'pro', remaining: 899 });
    // Tollgate's own routes answer the same bearer token through the authenticate hook.
    const usage = await curl('GET', '/api/v1/billing/usage', alice);
    expect(JSON.stringify(usage.body)).toContain('"used":101');

    const canceled = await curl('POST', '/api/v1/billing/subscription/cancel', alice);
    expect(canceled).toEqual({
      status: 200,
      body: { message: 'Subscription will be cancelled at period end', cancel_at: subscription.body.current_period_end },
    });
    const resumed = await curl('POST', '/api/v1/billing/subscription/resume', alice);
    expect(resumed).toMatchObject({ status: 200, body: { id: subscription.body.id, cancel_at_period_end: false, plan_name: 'Pro Plan' } });

    const portal = await curl('GET', '/api/v1/billing/portal?return_url=https://yourapp.com/dashboard', alice);
    expect(Object.keys(portal.body)).toEqual(['url']);
    expect((await fetch(String(portal.body.url))).status).toBe(200);
    await webhooks.settled();
  });

  it("security: a user sees only their own billing; another user's subscription item is a 404 and counts nothing", async () => {
    const alicesSub = unwrap(await getSubscription(deps, { externalId: 'customer_alice' }));
    const item = (await deps.stripe.subscriptions.retrieve(alicesSub?.id ?? '')).items.data.find((i) => i.price.recurring?.usage_type === 'metered')?.id ?? '';
    expect(await curl('GET', '/api/v1/billing/subscription', bob)).toMatchObject({ status: 404 });
    expect(await curl('GET', '/api/v1/billing/invoices', bob)).toEqual({ status: 200, body: [] });
    expect(await curl('GET', '/api/v1/billing/payment-methods', bob)).toEqual({ status: 200, body: [] });
    expect(await curl('POST', `/api/v1/billing/usage/record?subscription_item_id=${item}`, bob, { quantity: 5 })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: `no subscription item "${item}" for this customer`, param: 'subscription_item_id' } },
    });
    expect(await curl('POST', '/api/v1/billing/subscription/cancel', bob)).toMatchObject({ status: 404 });
    expect(await curl('GET', '/api/v1/billing/portal?return_url=https://yourapp.com/dashboard', bob)).toMatchObject({ status: 404 });
    // Tollgate's own routes: bob's token cannot name alice.
    expect(await curl('GET', '/api/v1/billing/usage?customer=customer_alice', bob)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', param: 'customer' } },
    });
    expect(JSON.stringify((await curl('GET', '/api/v1/billing/usage', alice)).body)).toContain('"used":101');
    for (const token of [null, 'tok_forged'])
      expect(await curl('GET', '/api/v1/billing/subscription', token)).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect((await curl('GET', '/api/v1/billing/usage', 'tok_forged')).status).toBe(401);
  });

  it('bad input is a 400 (or 404) naming the field the client sent, and nothing is written', async () => {
    const urls = { success_url: 'https://yourapp.com/success', cancel_url: 'https://yourapp.com/cancel' };
    const foreign = await deps.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1,
      recurring: { interval: 'month' },
      product_data: { name: 'Someone else' },
    });
    const product = typeof foreign.product === 'string' ? foreign.product : foreign.product.id;
    const checkoutCases: [unknown, number, string, string][] = [
      [{ ...urls }, 400, 'validation_failed', 'price_id'],
      [{ ...urls, price_id: product }, 400, 'validation_failed', 'price_id'],
      [{ ...urls, price_id: 'price_missing' }, 404, 'price_not_found', 'price_id'],
      [{ ...urls, price_id: foreign.id }, 404, 'plan_not_found', 'price_id'],
      [{ price_id: await priceOf('basic'), success_url: 'not a url', cancel_url: urls.cancel_url }, 400, 'validation_failed', 'success_url'],
    ];
    for (const [body, status, code, param] of checkoutCases)
      expect(await curl('POST', '/api/v1/billing/checkout/session', bob, body), JSON.stringify(body)).toMatchObject({
        status,
        body: { error: { code, param } },
      });
    const alicesSub = await deps.stripe.subscriptions.list({ limit: 1 });
    const item = alicesSub.data[0]?.items.data.find((i) => i.price.recurring?.usage_type === 'metered')?.id ?? '';
    const usageCases: [string, unknown, string][] = [
      [item, { quantity: 1, action: 'set' }, 'action'],
      [item, { quantity: -1 }, 'quantity'],
      [item, { quantity: '1' }, 'quantity'],
      [item, { quantity: 1, timestamp: 1698000000 }, 'timestamp'],
      ['', { quantity: 1 }, 'subscription_item_id'],
    ];
    for (const [si, body, param] of usageCases)
      expect(await curl('POST', `/api/v1/billing/usage/record?subscription_item_id=${si}`, alice, body), JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', param } },
      });
    expect(await curl('GET', '/api/v1/billing/invoices?limit=0', alice)).toMatchObject({ status: 400, body: { error: { param: 'limit' } } });
    expect(JSON.stringify((await curl('GET', '/api/v1/billing/usage', alice)).body)).toContain('"used":101');
  });
});

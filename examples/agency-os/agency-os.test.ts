import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrCreateCustomer, listLicenses, publishedKeys, signatureHeader, unwrap } from 'tollgate';
import { verifyLicense } from 'tollgate/license';
import { advanceTestClock, type TestDeps } from 'tollgate/testing';
import { CARDS, payOnHostedPage } from '../test-support/hosted-checkout.ts';
import { type LiveApp, startLiveApp } from '../test-support/live-app.ts';
import type { LiveWebhooks } from '../test-support/webhooks.ts';
import { createAccounts } from './accounts.ts';
import { createAgencyOsApp } from './app.ts';
import { billingHooks, drainHooks } from './billing-hooks.ts';
import type { PriceSettings } from './routes.ts';
import { config } from './tollgate.config.ts';

const DAY = 86_400;
let deps: TestDeps;
let server: LiveApp['server'];
let webhooks: LiveWebhooks;
const accounts = createAccounts();
const hooks = billingHooks(accounts);
const prices: PriceSettings = {};
const alice = accounts.member('alice', 'tenant_a');
const bob = accounts.member('bob', 'tenant_b');
const carol = accounts.member('carol', 'tenant_c');
const ops = accounts.operator('ops');
const urls = { success_url: 'https://app.agencyos.network/dashboard?checkout=success', cancel_url: 'https://app.agencyos.network/pricing?checkout=cancel' };

type Json = Record<string, unknown> & { error?: { code: string; message: string; param?: string } };
async function call(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${server.url}/payments/stripe${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token !== null ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
async function settle(): Promise<void> {
  await webhooks.settled();
  await drainHooks(deps, hooks);
}
const subscriptionOf = async (tenant: string) => (await deps.stripe.subscriptions.search({ query: `metadata['tenant_id']:'${tenant}'` })).data[0];

beforeAll(async () => {
  ({ deps, server, webhooks } = await startLiveApp(config, '/payments/stripe/webhook', ({ deps, webhookSecret }) =>
    createAgencyOsApp(deps, { accounts, webhookSecret, prices }),
  ));
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

describe("agency-os: seed 003's /payments/stripe API on Tollgate", () => {
  it('checkout with a 14-day trial -> the tenant is provisioned and its license issued once; subscription, portal and cancel', async () => {
    const checkout = await call('POST', '/checkout', alice, {
      plan_id: 'team',
      tenant_id: 'tenant_a',
      customer_email: 'alice@agency.test',
      trial_days: 14,
      ...urls,
    });
    expect(checkout.status).toBe(200);
    expect(Object.keys(checkout.body).sort()).toEqual(['id', 'url']);
    const { page, location } = await payOnHostedPage(String(checkout.body.url));
    expect(page).toContain('14');
    expect(location).toBe(urls.success_url);
    await settle();
    await settle(); // hooks are at least once: a second drain changes nothing

    const sub = await subscriptionOf('tenant_a');
    expect(accounts.tenant('tenant_a')).toMatchObject({ id: 'tenant_a', plan: 'team', status: 'trialing', subscriptionId: sub?.id });
    expect(accounts.provisions()).toBe(1);
    // Its license: issued once by Tollgate, kept on the tenant, verifiable offline with the public keys.
    const key = accounts.license('tenant_a') ?? '';
    const verified = await verifyLicense(key, {
      keys: Object.fromEntries((await publishedKeys(deps)).map((k) => [k.kid, k.publicKey])),
      now: deps.clock.now(),
    });
    expect(verified).toMatchObject({ valid: true, license: { kind: 'license', customer: 'tenant_a', plan: 'team', activationLimit: 10 } });
    expect(await listLicenses(deps, { customer: 'tenant_a' })).toHaveLength(1);
    // A redelivered checkout.session.completed (Stripe retries) is stored once and provisions nothing new.
    const completed = (await deps.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data[0];
    const body = JSON.stringify(completed);
    const again = await fetch(`${server.url}/payments/stripe/webhook`, {
      method: 'POST',
      body,
      headers: { 'stripe-signature': signatureHeader(body, webhooks.secret, Math.floor(deps.clock.now().getTime() / 1000)) },
    });
    expect(again.status).toBe(200);
    await drainHooks(deps, hooks);
    expect(accounts.provisions()).toBe(1);
    expect(await listLicenses(deps, { customer: 'tenant_a' })).toHaveLength(1);
    expect(accounts.license('tenant_a')).toBe(key);

    const shown = await call('GET', `/subscription/${sub?.id ?? ''}`, alice);
    expect(shown).toEqual({
      status: 200,
      body: {
        id: sub?.id,
        tenant_id: 'tenant_a',
        plan: 'team',
        status: 'trialing',
        current_period_end: expect.any(String) as unknown,
        cancel_at_period_end: false,
        cancel_at: null,
        trial_end: new Date((deps.clock.now().getTime() / 1000 + 14 * DAY) * 1000).toISOString(),
      },
    });
    const customerId = typeof sub?.customer === 'string' ? sub.customer : '';
    const portal = await call('POST', '/portal', alice, { customer_id: customerId, return_url: 'https://app.agencyos.network/settings/billing' });
    expect(Object.keys(portal.body)).toEqual(['url']);
    expect((await fetch(String(portal.body.url))).status).toBe(200);
    const canceled = await call('POST', `/subscription/${sub?.id ?? ''}/cancel`, alice);
    expect(canceled).toMatchObject({ status: 200, body: { id: sub?.id, cancel_at_period_end: true } });

    // The payment_events ledger, for operators: each event once, processed.
    const audit = await call('GET', '/events?limit=100', ops);
    const types = (audit.body.data as { type: string; processed_at: string | null }[]).map((e) => e.type);
    expect(types).toContain('checkout.session.completed');
    expect(types.filter((t) => t === 'checkout.session.completed')).toHaveLength(1);
    expect((audit.body.data as { processed_at: string | null }[]).every((e) => e.processed_at !== null)).toBe(true);
  });

  it('a failed payment after the trial -> dunning: the tenant is told and marked past due', async () => {
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(deps.clock.now().getTime() / 1000) });
    unwrap(await getOrCreateCustomer(deps, { externalId: 'tenant_c', email: 'carol@agency.test', testClock: clock.id }));
    const checkout = await call('POST', '/checkout', carol, { plan_id: 'solo', tenant_id: 'tenant_c', ...urls });
    await payOnHostedPage(String(checkout.body.url), { card: CARDS.failsLater });
    await settle();
    expect(accounts.tenant('tenant_c')).toMatchObject({ status: 'trialing', plan: 'solo' });
    await advanceTestClock(deps.stripe, clock.id, clock.frozen_time + 14 * DAY + 2 * 3600);
    await settle();
    expect(accounts.tenant('tenant_c')?.status).toBe('past_due');
    expect(accounts.notices('tenant_c')).toEqual([expect.stringMatching(/^Payment of \$49\.00 failed \(attempt 1\)\. Update your card: http/) as unknown]);
    expect(accounts.notices('tenant_a')).toEqual([]);
  });

  it('troubleshooting: a wrong webhook secret, a price that is not found, a customer that is not found answer as the seed describes', async () => {
    const event = (await deps.stripe.events.list({ limit: 1 })).data[0];
    const body = JSON.stringify(event);
    const wrong = await fetch(`${server.url}/payments/stripe/webhook`, {
      method: 'POST',
      body,
      headers: { 'stripe-signature': signatureHeader(body, 'whsec_from_another_endpoint', Math.floor(deps.clock.now().getTime() / 1000)) },
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as Json).error).toMatchObject({
      code: 'invalid_request',
      param: 'Stripe-Signature',
      message: expect.stringContaining('STRIPE_WEBHOOK_SECRET is the signing secret of this endpoint') as unknown,
    });

    const price = await call('POST', '/checkout', bob, { plan_id: 'price_1NotInThisAccount', tenant_id: 'tenant_b', ...urls });
    expect(price).toMatchObject({
      status: 404,
      body: { error: { code: 'price_not_found', param: 'plan_id', message: expect.stringContaining('test and live mode have different prices') as unknown } },
    });
    const product = (await deps.stripe.products.search({ query: "metadata['tollgate_plan']:'solo'" })).data[0]?.id ?? '';
    expect(await call('POST', '/checkout', bob, { plan_id: product, tenant_id: 'tenant_b', ...urls })).toMatchObject({
      status: 400,
      body: { error: { param: 'plan_id', message: expect.stringContaining('is a product id') as unknown } },
    });
    // STRIPE_PRICE_SOLO set to the Product ID instead of the Price ID.
    prices.solo = product;
    expect(await call('POST', '/checkout', bob, { plan_id: 'solo', tenant_id: 'tenant_b', ...urls })).toMatchObject({
      status: 400,
      body: { error: { param: 'STRIPE_PRICE_SOLO', message: expect.stringContaining('is a product id') as unknown } },
    });
    prices.solo = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:solo:month'] })).data[0]?.id;
    expect((await call('POST', '/checkout', bob, { plan_id: 'solo', tenant_id: 'tenant_b', ...urls })).status).toBe(200);
    delete prices.solo;

    expect(await call('POST', '/portal', bob, { customer_id: 'cus_LiveModeOnly', return_url: 'https://app.agencyos.network/settings/billing' })).toMatchObject({
      status: 404,
      body: { error: { code: 'customer_not_found', param: 'customer_id', message: expect.stringContaining('test and live mode differ') as unknown } },
    });
    expect(accounts.tenant('tenant_b')).toBeUndefined();
  });

  it("security: a member reaches only their own tenant's billing; trial lengths and the audit are the operator's", async () => {
    const sub = await subscriptionOf('tenant_a');
    const customerId = typeof sub?.customer === 'string' ? sub.customer : '';
    expect(await call('POST', '/checkout', bob, { plan_id: 'team', tenant_id: 'tenant_a', ...urls })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', param: 'tenant_id' } },
    });
    expect(await call('GET', `/subscription/${sub?.id ?? ''}`, bob)).toMatchObject({ status: 404, body: { error: { code: 'subscription_not_found' } } });
    expect(await call('POST', `/subscription/${sub?.id ?? ''}/cancel`, bob)).toMatchObject({ status: 404 });
    expect(await call('POST', '/portal', bob, { customer_id: customerId, return_url: 'https://app.agencyos.network/x' })).toMatchObject({
      status: 404,
      body: { error: { code: 'customer_not_found' } },
    });
    expect(await call('GET', '/events', bob)).toMatchObject({ status: 403 });
    expect(await call('POST', '/checkout', bob, { plan_id: 'team', tenant_id: 'tenant_b', trial_days: 90, ...urls })).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', param: 'trial_days' } },
    });
    const operatorTrial = await call('POST', '/checkout', ops, { plan_id: 'team', tenant_id: 'tenant_b', trial_days: 30, ...urls });
    expect(operatorTrial.status).toBe(200);
    await payOnHostedPage(String(operatorTrial.body.url));
    await settle();
    const trial = await subscriptionOf('tenant_b');
    expect(((trial?.trial_end ?? 0) - (trial?.trial_start ?? 0)) / DAY).toBe(30);
    expect(accounts.tenant('tenant_b')).toMatchObject({ status: 'trialing', plan: 'team' });
    for (const token of [null, 'aos_forged']) expect((await call('GET', `/subscription/${sub?.id ?? ''}`, token)).status).toBe(401);
    for (const [body, param] of [
      [{ plan_id: 'team', ...urls }, 'tenant_id'],
      [{ plan_id: 'team', tenant_id: 'tenant_b', success_url: 'nope', cancel_url: urls.cancel_url }, 'success_url'],
      [{ plan_id: 'team', tenant_id: 'tenant_b', trial_days: -1, ...urls }, 'trial_days'],
      [{ plan_id: 'team', tenant_id: 'tenant_b', customer_email: 'no', ...urls }, 'customer_email'],
    ] as const)
      expect(await call('POST', '/checkout', bob, body), JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', param } },
      });
    expect((await deps.stripe.subscriptions.retrieve(sub?.id ?? '')).cancel_at_period_end).toBe(true);
  });
});

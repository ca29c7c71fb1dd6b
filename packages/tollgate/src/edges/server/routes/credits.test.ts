import { afterEach, describe, expect, it } from 'vitest';
import { creditsTestConfig } from '../../../usage/credits/fixtures.test-support.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';

const B = '/api/v1/billing';

describe(`credit routes (${testDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('a secret key grants; the customer token reads its own balance, grants and history; consume refuses 402 with the balance and the cost', async () => {
    t = await createTestApp({ deps: { config: creditsTestConfig, now: '2026-01-20T12:00:00Z' } });
    const token = await t.tokenFor('user_1');
    const granted = await t.call('POST', `${B}/credits/grants`, {
      auth: t.secretKey,
      body: { customer: 'user_1', amount: 30, expires_at: '2026-03-01T00:00:00Z', idempotency_key: 'welcome' },
    });
    expect(granted.status).toBe(201);
    expect(await granted.json()).toMatchObject({ credits: 30, remaining: 30, kind: 'promotional', expires_at: '2026-03-01T00:00:00.000Z', duplicate: false });
    const again = await t.call('POST', `${B}/credits/grants`, { auth: t.secretKey, body: { customer: 'user_1', amount: 30, idempotency_key: 'welcome' } });
    expect(await again.json()).toMatchObject({ duplicate: true });
    expect((await t.call('POST', `${B}/credits/grants`, { auth: token, body: { customer: 'user_1', amount: 1000 } })).status).toBe(403);
    const used = await t.call('POST', `${B}/consume`, { auth: token, body: { feature: 'agent_run', idempotency_key: 'run_1' } });
    expect(await used.json()).toMatchObject({ allowed: true, credits: { system: 'credits', balance: 5, cost: 25 }, event: { idempotency_key: 'run_1' } });
    const refused = await t.call('POST', `${B}/consume`, { auth: token, body: { feature: 'agent_run' } });
    expect(refused.status).toBe(402);
    expect(await refused.json()).toMatchObject({ error: { code: 'insufficient_credits', param: 'amount', credits: { balance: 5, cost: 25 } } });
    const balance = await t.call('GET', `${B}/credits/balance`, { auth: token });
    expect(await balance.json()).toMatchObject({ customer: 'user_1', system: 'credits', balance: 5, spent: 25, grants: [{ remaining: 5 }] });
    expect((await t.call('GET', `${B}/credits/balance?customer=user_2`, { auth: token })).status).toBe(403);
    const history = await t.call('GET', `${B}/credits/history?limit=1`, { auth: token });
    expect(await history.json()).toMatchObject({ data: [{ kind: 'debit', credits: -25, feature: 'agent_run', balance_after: 5 }], has_more: true });
    const grants = await t.call('GET', `${B}/credits/grants?all=true`, { auth: token });
    expect(((await grants.json()) as { data: unknown[] }).data).toHaveLength(1);
    const reversed = await t.call('POST', `${B}/credits/reverse`, { auth: t.secretKey, body: { customer: 'user_1', idempotency_key: 'run_1' } });
    expect(await reversed.json()).toMatchObject({ kind: 'reversal', credits: 25, balance_after: 30, duplicate: false });
  });

  it('caps and auto top-up settings take a secret key; bad input is a 400 naming the field and writes nothing', async () => {
    t = await createTestApp({ deps: { config: creditsTestConfig, now: '2026-01-20T12:00:00Z' } });
    const token = await t.tokenFor('user_1');
    const cap = await t.call('POST', `${B}/credits/caps`, { auth: t.secretKey, body: { customer: 'user_1', scope: 'credits', cap: 50 } });
    expect(await cap.json()).toEqual({ customer: 'user_1', scope: 'credits', cap: 50, source: 'customer' });
    expect((await t.call('POST', `${B}/credits/caps`, { auth: token, body: { customer: 'user_1', scope: 'credits', cap: 5000 } })).status).toBe(403);
    const topUp = await t.call('POST', `${B}/credits/top-up`, { auth: t.secretKey, body: { customer: 'user_1', enabled: true } });
    expect(await topUp.json()).toMatchObject({ enabled: true, threshold: 100, pack: 'small', top_up_due: true });
    const before = await t.rowCounts();
    const bad: [string, Record<string, unknown>, number, string][] = [
      ['credits/grants', { customer: 'user_1', amount: -5 }, 400, 'amount'],
      ['credits/grants', { customer: 'user_1', amount: 1.0000001 }, 400, 'amount'],
      ['credits/grants', { customer: 'user_1', amount: 5, system: 'gems' }, 400, 'system'],
      ['credits/grants', { customer: 'user_1', amount: 5, expires_at: '2026-01-01T00:00:00Z' }, 400, 'expires_at'],
      ['credits/grants', { customer: 'user_1', amount: 5, kind: 'free' }, 400, 'kind'],
      ['credits/caps', { customer: 'user_1', scope: 'credits', cap: -1 }, 400, 'cap'],
      ['credits/caps', { customer: 'user_1', scope: 'gems', cap: 1 }, 400, 'scope'],
      ['credits/top-up', { customer: 'user_1', enabled: true, threshold: -1 }, 400, 'threshold'],
      ['credits/top-up', { customer: 'user_1', enabled: true, pack: 'huge' }, 400, 'pack'],
    ];
    for (const [path, body, status, param] of bad) {
      const response = await t.call('POST', `${B}/${path}`, { auth: t.secretKey, body });
      const text = await response.text();
      expect(response.status, `${path} ${JSON.stringify(body)}: ${text}`).toBe(status);
      expect((JSON.parse(text) as { error: { param: string } }).error.param).toBe(param);
    }
    expect(await t.rowCounts()).toEqual(before);
    const metrics = await t.call('GET', `${B}/metrics/credits`, { auth: t.secretKey });
    expect(await metrics.json()).toEqual({ data: [] });
  });

  it('a customer token buys a pack the config offers; a custom amount is the secret key road', async () => {
    t = await createTestApp({ deps: { config: creditsTestConfig, stripe: true } });
    const token = await t.tokenFor('buyer');
    const urls = { success_url: 'https://app.example/credits?ok=1', cancel_url: 'https://app.example/credits' };
    const bought = await t.call('POST', `${B}/credits/purchase`, { auth: token, body: { pack: 'large', ...urls } });
    expect(bought.status).toBe(201);
    const { id } = (await bought.json()) as { id: string };
    expect(await t.deps.stripe.checkout.sessions.retrieve(id)).toMatchObject({ amount_total: 1800, metadata: { tollgate_credits_pack: 'large' } });
    const forbidden = await t.call('POST', `${B}/credits/purchase`, { auth: token, body: { custom_amount: 1, ...urls } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden', param: 'custom_amount' } });
    const custom = await t.call('POST', `${B}/credits/purchase`, { auth: t.secretKey, body: { customer: 'buyer', custom_amount: 2500, ...urls } });
    expect(custom.status).toBe(201);
    const unknown = await t.call('POST', `${B}/credits/purchase`, { auth: token, body: { pack: 'huge', ...urls } });
    expect(await unknown.json()).toMatchObject({ error: { code: 'validation_failed', param: 'pack' } });
  });
});

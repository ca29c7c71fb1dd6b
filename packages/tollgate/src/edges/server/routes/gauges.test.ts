import { afterEach, describe, expect, it } from 'vitest';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';

// In process through app.request, and over real HTTP through the Node listener's direct path.
describe.each(['fetch', 'node'] as const)(`gauge and reversal routes (${testDriver()}, %s)`, (transport) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it("gauges: increment up to the plan's cap, then 403 limit_reached; decrement; set records the app's count", async () => {
    t = await createTestApp({ transport });
    const call = (verb: string, body: object) =>
      t!.call('POST', `/api/v1/billing/gauges/${verb}`, { auth: t!.secretKey, body: { customer: 'org_1', feature: 'agents', ...body } });
    // The free plan allows one agent.
    const first = await call('increment', {});
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ customer: 'org_1', feature: 'agents', value: 1, limit: 1, duplicate: false });
    const refused = await call('increment', {});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'limit_reached', param: 'amount', limit: 1 } });
    expect(await (await call('decrement', { amount: 5 })).json()).toMatchObject({ value: 0 });
    const set = await call('set', { value: 3 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ customer: 'org_1', feature: 'agents', value: 3, limit: 1, duplicate: false });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'org_1', feature: 'agents', amount: 0 } });
    expect(await checked.json()).toMatchObject({ allowed: false, code: 'limit_reached', used: 3, limit: 1 });
  });

  it('a retried increment or decrement with idempotency_key moves the gauge once; a key reused for another step is 409', async () => {
    t = await createTestApp({ transport });
    const call = (verb: string, body: object) =>
      t!.call('POST', `/api/v1/billing/gauges/${verb}`, { auth: t!.secretKey, body: { customer: 'org_k', feature: 'agents', ...body } });
    for (const expected of [false, true]) {
      const created = await call('increment', { idempotency_key: 'agent_9_created' });
      expect(created.status).toBe(200);
      expect(await created.json()).toEqual({ customer: 'org_k', feature: 'agents', value: 1, limit: 1, duplicate: expected });
    }
    const reused = await call('decrement', { idempotency_key: 'agent_9_created' });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { code: 'idempotency_conflict', param: 'idempotency_key' } });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'org_k', feature: 'agents', amount: 0 } });
    expect(await checked.json()).toMatchObject({ used: 1, limit: 1 });
    const bad = await call('increment', { idempotency_key: '' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'idempotency_key' } });
  });

  it('reverse takes a tracked event back once, by its idempotency key', async () => {
    t = await createTestApp({ transport });
    const body = { customer: 'user_r', feature: 'messages', amount: 7, idempotency_key: 'msg_7' };
    expect((await t.call('POST', '/api/v1/billing/track', { auth: t.secretKey, body })).status).toBe(200);
    const reverse = () => t!.call('POST', '/api/v1/billing/usage/reverse', { auth: t!.secretKey, body: { customer: 'user_r', idempotency_key: 'msg_7' } });
    const first = await reverse();
    expect(first.status).toBe(200);
    const reversal = (await first.json()) as { id: string; amount: number };
    expect(reversal).toMatchObject({ amount: -7, feature: 'messages' });
    expect(await (await reverse()).json()).toMatchObject({ id: reversal.id, amount: -7 });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'user_r', feature: 'messages' } });
    expect(await checked.json()).toMatchObject({ used: 0, remaining: 50 });
    const unknown = await t.call('POST', '/api/v1/billing/usage/reverse', { auth: t.secretKey, body: { customer: 'user_r', idempotency_key: 'nope' } });
    expect(unknown.status).toBe(404);
  });

  it("refuses a customer's own token (these move a bill in the customer's favour), and bad input names the field, writing nothing", async () => {
    t = await createTestApp({ transport });
    const token = await t.tokenFor('org_2');
    const before = await t.rowCounts();
    for (const [path, body] of [
      ['gauges/decrement', { customer: 'org_2', feature: 'agents' }],
      ['usage/reverse', { customer: 'org_2', idempotency_key: 'k' }],
    ] as const) {
      expect((await t.call('POST', `/api/v1/billing/${path}`, { auth: token, body })).status).toBe(403);
    }
    const notGauge = await t.call('POST', '/api/v1/billing/gauges/increment', { auth: t.secretKey, body: { customer: 'org_2', feature: 'messages' } });
    expect(notGauge.status).toBe(400);
    expect(await notGauge.json()).toMatchObject({ error: { code: 'validation_failed', param: 'feature' } });
    const negative = await t.call('POST', '/api/v1/billing/gauges/set', { auth: t.secretKey, body: { customer: 'org_2', feature: 'agents', value: -1 } });
    expect(await negative.json()).toMatchObject({ error: { code: 'validation_failed', param: 'value' } });
    expect(await t.rowCounts()).toEqual(before);
  });
});

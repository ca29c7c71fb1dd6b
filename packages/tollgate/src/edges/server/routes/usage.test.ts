import { afterEach, describe, expect, it } from 'vitest';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';

// In process through app.request, and over real HTTP through the Node listener's direct path.
describe.each(['fetch', 'node'] as const)(`usage routes (${testDriver()}, %s)`, (transport) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('consume counts up to the free plan limit, then answers 403 limit_reached with the reset time', async () => {
    t = await createTestApp({ transport, deps: { now: '2026-03-10T15:00:00Z' } });
    const token = await t.tokenFor('user_1');
    const first = await t.call('POST', '/api/v1/billing/consume', { auth: token, body: { feature: 'messages', amount: 49 } });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ allowed: true, plan: 'free', limit: 50, used: 49, remaining: 1, event: { amount: 49 } });
    expect((await t.call('POST', '/api/v1/billing/consume', { auth: token, body: { feature: 'messages' } })).status).toBe(200);
    const refused = await t.call('POST', '/api/v1/billing/consume', { auth: token, body: { feature: 'messages' } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      error: { code: 'limit_reached', param: 'amount', limit: 50, used: 50, remaining: 0, resets_at: '2026-03-11T00:00:00.000Z' },
    });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'user_1', feature: 'messages', amount: 0 } });
    expect(await checked.json()).toMatchObject({ feature: 'messages', used: 50, remaining: 0, resets_at: '2026-03-11T00:00:00.000Z' });
    // The usage summary agrees with consume: nothing left means not allowed.
    const usage = await t.call('GET', '/api/v1/billing/usage', { auth: token });
    const messages = ((await usage.json()) as { features: { feature: string }[] }).features.find((f) => f.feature === 'messages');
    expect(messages).toMatchObject({ allowed: false, code: 'limit_reached', used: 50, remaining: 0 });
  });

  it('track records once per idempotency key, on both paths', async () => {
    t = await createTestApp({ transport });
    const body = { customer: 'user_2', feature: 'messages', amount: 3, idempotency_key: 'k1', properties: { modelName: 'x' } };
    const first = await t.call('POST', '/api/v1/billing/track', { auth: t.secretKey, body });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ amount: 3, idempotency_key: 'k1', duplicate: false, properties: { modelName: 'x' } });
    const again = await t.call('POST', '/api/v1/billing/usage/record', { auth: t.secretKey, body });
    expect(await again.json()).toMatchObject({ duplicate: true });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'user_2', feature: 'messages' } });
    expect(await checked.json()).toMatchObject({ used: 3, remaining: 47, allowed: true });
  });

  it('track/batch records many events at once and names a bad one by index', async () => {
    t = await createTestApp({ transport });
    const token = await t.tokenFor('user_b');
    const events = [
      { feature: 'messages', amount: 2, idempotency_key: 'b1' },
      { feature: 'messages', amount: 3 },
    ];
    const batch = await t.call('POST', '/api/v1/billing/track/batch', { auth: token, body: { events } });
    expect(await batch.json()).toMatchObject({ recorded: 2, duplicates: 0 });
    const again = await t.call('POST', '/api/v1/billing/track/batch', { auth: token, body: { events: [events[0]] } });
    expect(await again.json()).toMatchObject({ recorded: 0, duplicates: 1 });
    const bad = await t.call('POST', '/api/v1/billing/track/batch', { auth: token, body: { events: [events[0], { feature: 'messages', amount: 0 }] } });
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'events.1.amount' } });
    const checked = await t.call('POST', '/api/v1/billing/check', { auth: token, body: { feature: 'messages' } });
    expect(await checked.json()).toMatchObject({ used: 5 });
  });

  it('names the bad field and writes nothing', async () => {
    t = await createTestApp({ transport });
    const before = await t.rowCounts();
    const bad = await t.call('POST', '/api/v1/billing/track', { auth: t.secretKey, body: { customer: 'u', feature: 'messages', amount: -1 } });
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'amount' } });
    const unknown = await t.call('POST', '/api/v1/billing/consume', { auth: t.secretKey, body: { customer: 'u', feature: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'feature_not_found', param: 'feature' } });
    expect(await t.rowCounts()).toEqual(before);
  });
});

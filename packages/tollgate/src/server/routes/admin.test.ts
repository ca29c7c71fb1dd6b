import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../testing/db.ts';
import { createTestApp, type TestApp } from '../test-app.ts';

describe(`admin routes and GET usage (${testDriver()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ deps: { stripe: true } });
  });
  afterAll(() => t.close());

  it('creates a customer once, lists and gets it; unknown is 404', async () => {
    const body = { customer: 'org_1', email: 'ops@org1.example' };
    const first = await t.call('POST', '/api/v1/billing/customers', { auth: t.secretKey, body });
    expect(await first.json()).toMatchObject({ created: true, customer: { external_id: 'org_1', email: 'ops@org1.example' } });
    const again = await t.call('POST', '/api/v1/billing/customers', { auth: t.secretKey, body });
    expect(await again.json()).toMatchObject({ created: false });
    const list = (await (await t.call('GET', '/api/v1/billing/customers?limit=10', { auth: t.secretKey })).json()) as { data: { external_id: string; raw?: unknown }[] };
    expect(list.data.map((c) => c.external_id)).toEqual(['org_1']);
    expect(list.data[0]).not.toHaveProperty('raw');
    const got = await t.call('GET', '/api/v1/billing/customers/org_1', { auth: t.secretKey });
    expect(await got.json()).toMatchObject({ external_id: 'org_1', stripe_customer_id: expect.stringMatching(/^cus_/) as unknown });
    const missing = await t.call('GET', '/api/v1/billing/customers/nobody', { auth: t.secretKey });
    expect(missing.status).toBe(404);
  });

  it('lists subscriptions, purchases and events (empty mirror), refusing a bad limit', async () => {
    for (const path of ['subscriptions?status=active', 'purchases', 'events?type=invoice.paid']) {
      const response = await t.call('GET', `/api/v1/billing/${path}`, { auth: t.secretKey });
      expect(await response.json(), path).toEqual({ data: [] });
    }
    const bad = await t.call('GET', '/api/v1/billing/events?limit=0', { auth: t.secretKey });
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'limit' } });
  });

  it('GET usage shows every metered feature and gauge for a customer token', async () => {
    const token = await t.tokenFor('user_u');
    await t.call('POST', '/api/v1/billing/track', { auth: token, body: { feature: 'messages', amount: 7 } });
    const usage = (await (await t.call('GET', '/api/v1/billing/usage', { auth: token })).json()) as { plan: string; features: { feature: string; used: number; limit: number | null }[] };
    expect(usage.plan).toBe('free');
    expect(usage.features.find((f) => f.feature === 'messages')).toMatchObject({ used: 7, limit: 50 });
    expect(usage.features.map((f) => f.feature)).toContain('agents');
  });
});

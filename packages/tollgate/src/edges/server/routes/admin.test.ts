import { describe, expect, it } from 'vitest';
import { zonedConfig } from '../../../commands/customers/fixtures.test-support.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

describe(`admin routes and GET usage (${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true } }));

  it('creates a customer once, lists and gets it; unknown is 404', async () => {
    const body = { customer: 'org_1', email: 'ops@org1.example' };
    const first = await t.call('POST', '/api/v1/billing/customers', { auth: t.secretKey, body });
    expect(await first.json()).toMatchObject({ created: true, customer: { external_id: 'org_1', email: 'ops@org1.example' } });
    const again = await t.call('POST', '/api/v1/billing/customers', { auth: t.secretKey, body });
    expect(await again.json()).toMatchObject({ created: false });
    const list = (await (await t.call('GET', '/api/v1/billing/customers?limit=10', { auth: t.secretKey })).json()) as {
      data: { external_id: string; raw?: unknown }[];
    };
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
    const usage = (await (await t.call('GET', '/api/v1/billing/usage', { auth: token })).json()) as {
      plan: string;
      features: { feature: string; used: number; limit: number | null }[];
    };
    expect(usage.plan).toBe('free');
    expect(usage.features.find((f) => f.feature === 'messages')).toMatchObject({ used: 7, limit: 50 });
    expect(usage.features.map((f) => f.feature)).toContain('agents');
  });
});

describe(`customer time zones over HTTP (${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true, config: zonedConfig } }));
  const post = (path: string, body: unknown) => t.call('POST', `/api/v1/billing/${path}`, { auth: t.secretKey, body });
  const get = async (path: string) => (await t.call('GET', `/api/v1/billing/${path}`, { auth: t.secretKey })).json() as Promise<Record<string, unknown>>;

  it('creates a customer in a zone and updates it; a bad zone is a 400 naming time_zone that writes nothing', async () => {
    const created = await post('customers', { customer: 'org_tz', time_zone: 'Asia/Tokyo' });
    expect(await created.json()).toMatchObject({ created: true, customer: { external_id: 'org_tz', time_zone: 'Asia/Tokyo' } });
    expect(await get('customers/org_tz')).toMatchObject({ time_zone: 'Asia/Tokyo' });

    const updated = await post('customers/org_tz', { time_zone: 'Europe/Paris' });
    expect(updated.status).toBe(200);
    const answer = (await updated.json()) as { customer: Record<string, unknown>; previous_time_zone: string };
    expect(answer).toMatchObject({ previous_time_zone: 'Asia/Tokyo', customer: { external_id: 'org_tz', time_zone: 'Europe/Paris' } });
    expect(answer.customer).not.toHaveProperty('raw');

    const before = { counts: await t.rowCounts(), customer: await get('customers/org_tz') };
    for (const body of [{ time_zone: 'Mars/Olympus' }, { time_zone: 'europe paris' }, { time_zone: '' }, { time_zone: 5 }, { time_zone: null }, {}]) {
      const refused = await post('customers/org_tz', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'validation_failed', param: 'time_zone' } });
    }
    const refusedCreate = await post('customers', { customer: 'org_new', time_zone: 'Mars/Olympus' });
    expect(await refusedCreate.json()).toMatchObject({ error: { code: 'validation_failed', param: 'time_zone' } });
    const missing = await post('customers/nobody', { time_zone: 'UTC' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'customer_not_found', param: 'id' } });
    expect(await t.rowCounts()).toEqual(before.counts);
    expect(await get('customers/org_tz')).toEqual(before.customer);
  });

  it('documents time_zone in the OpenAPI document: on creation, and the update with the id in the path', async () => {
    type Op = {
      parameters?: { name: string; in: string }[];
      requestBody: { content: { 'application/json': { schema: { required?: string[]; properties: Record<string, { description?: string }> } } } };
    };
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, { post?: Op }> };
    const update = doc.paths['/api/v1/billing/customers/{id}']?.post;
    expect(update?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    const schema = update?.requestBody.content['application/json'].schema;
    expect(schema?.required).toEqual(['time_zone']);
    expect(schema?.properties.time_zone?.description).toMatch(/IANA/);
    const create = doc.paths['/api/v1/billing/customers']?.post?.requestBody.content['application/json'].schema;
    expect(Object.keys(create?.properties ?? {})).toContain('time_zone');
    expect(create?.required).toEqual(['customer']);
  });

  it('check and consume start again at the local midnight of the zone set through POST customers/{id}', async () => {
    t.deps.clock.set('2026-01-15T12:00:00Z');
    expect((await post('customers', { customer: 'ada' })).status).toBe(200);
    expect((await post('customers/ada', { time_zone: 'America/Los_Angeles' })).status).toBe(200);
    const use = { customer: 'ada', feature: 'chats' };
    for (let i = 0; i < 3; i++) expect((await post('consume', use)).status).toBe(200);
    // 12:00 UTC is 04:00 in Los Angeles: the day ends at 08:00 UTC tomorrow, not at UTC midnight.
    const refused = await post('consume', use);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'limit_reached', resets_at: '2026-01-16T08:00:00.000Z' } });
    t.deps.clock.set('2026-01-16T07:59:59Z');
    expect(await (await post('check', use)).json()).toMatchObject({ allowed: false, used: 3 });
    expect((await post('consume', use)).status).toBe(403);
    t.deps.clock.set('2026-01-16T08:00:00Z');
    expect(await (await post('check', use)).json()).toMatchObject({ allowed: true, used: 0, resets_at: '2026-01-17T08:00:00.000Z' });
    expect(await (await post('consume', use)).json()).toMatchObject({ used: 1, remaining: 2, event: { window_key: 'day:2026-01-16' } });
  });
});

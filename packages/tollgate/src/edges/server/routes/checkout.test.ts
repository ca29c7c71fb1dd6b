import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../core/lib/result.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

describe(`checkout, portal, metrics and webhook routes against the emulator (${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true }, app: { webhookSecret: 'whsec_test_secret' } }));
  beforeAll(async () => {
    unwrap(await pushConfig(t.deps, { apply: true }));
  });

  it('starts a hosted checkout for a plan with a customer token', async () => {
    const token = await t.tokenFor('user_7');
    const created = await t.call('POST', '/api/v1/billing/checkout/session', {
      auth: token,
      body: { plan: 'pro', interval: 'month', success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' },
    });
    const body = (await created.json()) as { id: string; session_id: string; url: string };
    expect(created.status, JSON.stringify(body)).toBe(201);
    expect(body.id).toMatch(/^cs_/);
    expect(body.session_id).toBe(body.id);
    expect(body.url).toMatch(/^http/);
    const portal = await t.call('GET', '/api/v1/billing/portal?return_url=https%3A%2F%2Fapp.example%2Fbilling', { auth: token });
    expect(portal.status).toBe(200);
    expect(await portal.json()).toMatchObject({ id: expect.stringMatching(/^bps_/) as unknown, url: expect.stringMatching(/^http/) as unknown });
  });

  it('names the bad field: unknown plan, bad url; portal for an unknown customer is 404', async () => {
    const plan = await t.call('POST', '/api/v1/billing/checkout/session', {
      auth: t.secretKey,
      body: { customer: 'user_8', plan: 'platinum', success_url: 'https://a.example/', cancel_url: 'https://a.example/' },
    });
    expect(await plan.json()).toMatchObject({ error: { code: 'plan_not_found', param: 'plan' } });
    const url = await t.call('POST', '/api/v1/billing/checkout/session', {
      auth: t.secretKey,
      body: { customer: 'user_8', plan: 'pro', success_url: 'nope', cancel_url: 'https://a.example/' },
    });
    expect(url.status).toBe(400);
    expect(await url.json()).toMatchObject({ error: { code: 'validation_failed', param: 'success_url' } });
    const portal = await t.call('POST', '/api/v1/billing/portal', { auth: t.secretKey, body: { customer: 'nobody', return_url: 'https://a.example/' } });
    expect(portal.status).toBe(404);
  });

  it('reports MRR with minor units, currency and a formatted string; admin only', async () => {
    const mrr = await t.call('GET', '/api/v1/billing/metrics/mrr', { auth: t.secretKey });
    expect(mrr.status).toBe(200);
    expect(await mrr.json()).toEqual({ data: [] });
    const churn = await t.call('GET', '/api/v1/billing/metrics/churn?from=2026-01-01&to=2026-02-01', { auth: t.secretKey });
    expect(await churn.json()).toMatchObject({ at_start: 0, new: 0, churned: 0 });
    const bad = await t.call('GET', '/api/v1/billing/metrics/churn?from=yesterday&to=2026-02-01', { auth: t.secretKey });
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'from' } });
  });

  it('mounts the Stripe webhook without a Tollgate credential, verified by signature', async () => {
    const response = await t.app.request('/api/v1/billing/webhook', { method: 'POST', body: '{}', headers: { 'stripe-signature': 't=1,v1=00' } });
    expect(response.status).toBe(400);
    const noSecret = await createTestApp();
    try {
      const unset = await noSecret.app.request('/api/v1/billing/webhook', { method: 'POST', body: '{}' });
      expect(unset.status).toBe(503);
    } finally {
      await noSecret.close();
    }
  });
});

describe(`outbound webhook endpoint routes (${testDriver()})`, () => {
  it('registers an endpoint showing its secret once, lists it without, disables it', async () => {
    const t = await createTestApp();
    try {
      const created = await t.call('POST', '/api/v1/billing/webhook-endpoints', { auth: t.secretKey, body: { url: 'https://app.example/hooks' } });
      expect(created.status).toBe(201);
      const endpoint = (await created.json()) as { id: string; secret: string; events: string[] };
      expect(endpoint).toMatchObject({ secret: expect.stringMatching(/^whsec_/) as unknown, events: [] });
      const listed = (await (await t.call('GET', '/api/v1/billing/webhook-endpoints', { auth: t.secretKey })).json()) as { data: Record<string, unknown>[] };
      expect(listed.data.map((e) => e.id)).toEqual([endpoint.id]);
      expect(listed.data[0]).not.toHaveProperty('secret');
      const disabled = await t.call('POST', '/api/v1/billing/webhook-endpoints/disable', { auth: t.secretKey, body: { id: endpoint.id } });
      expect(await disabled.json()).toMatchObject({ id: endpoint.id, disabled_at: expect.any(String) as unknown });
      const bad = await t.call('POST', '/api/v1/billing/webhook-endpoints', { auth: t.secretKey, body: { url: 'ftp:/x' } });
      expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'url' } });
    } finally {
      await t.close();
    }
  });
});

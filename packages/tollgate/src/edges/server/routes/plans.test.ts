import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../../core/config/types.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';

const jpy = defineConfig({
  currency: 'jpy',
  features: {
    tokens: { type: 'metered', unit: 'token', reset: 'month' },
    seats: { type: 'gauge', name: 'Seats' },
    sso: { type: 'boolean', name: 'SSO' },
  },
  plans: {
    starter: { name: 'Starter', default: true, features: { tokens: 1000, seats: 1 } },
    team: {
      name: 'Team',
      description: 'For teams',
      perSeat: true,
      trialDays: 7,
      prices: { monthly: 1200 },
      features: { tokens: { included: 50_000, overage: { amount: 3, per: 1000 } }, seats: 'unlimited', sso: true },
    },
    legacy: { name: 'Legacy', hidden: true, prices: { monthly: 500 }, features: {} },
  },
});

describe(`GET /api/v1/billing/plans (${testDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('lists the default config plans without a credential: integer minor units, currency, features, trial days', async () => {
    t = await createTestApp();
    const response = await t.call('GET', '/api/v1/billing/plans');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { currency: string; data: { key: string }[] };
    expect(body.currency).toBe('usd');
    expect(body.data.map((p) => p.key)).toEqual(['free', 'pro', 'business', 'enterprise']);
    expect(body.data[1]).toEqual({
      key: 'pro',
      name: 'Pro',
      description: null,
      prices: [
        { interval: 'month', amount: 1500, currency: 'usd', amount_formatted: '$15.00' },
        { interval: 'year', amount: 15000, currency: 'usd', amount_formatted: '$150.00' },
      ],
      per_seat: false,
      custom: false,
      trial_days: 14,
      default: false,
      highlights: ['500 messages a day', '5 agents'],
      features: [
        { feature: 'messages', name: 'Messages', type: 'metered', unit: 'message', reset: 'day', included: true, limit: 500, unlimited: false, overage: null },
        { feature: 'agents', name: 'Agents', type: 'gauge', unit: 'agent', reset: null, included: true, limit: 5, unlimited: false, overage: null },
        { feature: 'analytics', name: 'Analytics', type: 'boolean', unit: null, reset: null, included: false, limit: null, unlimited: false, overage: null },
      ],
    });
    expect(body.data[3]).toMatchObject({
      key: 'enterprise',
      custom: true,
      prices: [],
      features: [{ unlimited: true }, { unlimited: true }, { included: true }],
    });
  });

  it('leaves hidden plans out, and shows zero-decimal prices, per-seat plans and overage as configured', async () => {
    t = await createTestApp({ deps: { config: jpy } });
    const body = (await (await t.call('GET', '/api/v1/billing/plans')).json()) as { currency: string; data: Record<string, unknown>[] };
    expect(body.currency).toBe('jpy');
    expect(body.data.map((p) => p.key)).toEqual(['starter', 'team']);
    expect(body.data[1]).toMatchObject({
      per_seat: true,
      trial_days: 7,
      description: 'For teams',
      prices: [{ interval: 'month', amount: 1200, currency: 'jpy', amount_formatted: '¥1,200' }],
      features: [
        { feature: 'tokens', name: 'tokens', limit: 50_000, reset: 'month', overage: { amount: 3, per: 1000, currency: 'jpy', amount_formatted: '¥3' } },
        { feature: 'seats', unlimited: true, limit: null },
        { feature: 'sso', included: true },
      ],
    });
    expect(body.data[0]).toMatchObject({ default: true, prices: [], features: [{ limit: 1000 }, { limit: 1 }, { feature: 'sso', included: false }] });
    expect(JSON.stringify(body)).not.toMatch(/price_|prod_|tg_sk_|whsec_/);
  });

  it('is in the OpenAPI document without security requirements', async () => {
    t = await createTestApp();
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { security: unknown[] }>> };
    expect(doc.paths['/api/v1/billing/plans']?.get?.security).toEqual([]);
    expect(doc.paths['/api/v1/billing/check']?.post?.security).not.toEqual([]);
  });
});

// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { BASE_URL, suiteEngine } from '../testing/engine.ts';
import { apiUrl, createTollgateClient } from './client.ts';
import { TollgateApiError } from './errors.ts';

describe('the client against a real engine app', { timeout: 30_000 }, () => {
  const engine = suiteEngine();

  it('reads usage of the default plan with a customer token', async () => {
    const client = createTollgateClient({ baseUrl: BASE_URL, getToken: () => engine.tokenFor('c_read'), fetch: engine.fetch });
    const usage = await client.getUsage();
    expect(usage.plan).toBe('free');
    expect(usage.features.find((f) => f.feature === 'messages')).toMatchObject({ limit: 50, used: 0, remaining: 50, unlimited: false });
    expect(await client.getSubscription()).toBeNull();
    expect(await client.listInvoices(5)).toEqual([]);
  });

  it("throws the API's error code, message and param", async () => {
    const client = createTollgateClient({ baseUrl: `${BASE_URL}/`, getToken: () => engine.tokenFor('c_err'), fetch: engine.fetch });
    const refused = await client.consume({ feature: 'messages', amount: 0 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TollgateApiError);
    expect(refused).toMatchObject({ code: 'validation_failed', param: 'amount', status: 400 });
    expect((refused as TollgateApiError).requestId).toMatch(/^req_/);
    await client.consume({ feature: 'messages', amount: 50 });
    const limit = await client.consume({ feature: 'messages' }).catch((e: unknown) => e);
    expect(limit).toMatchObject({ code: 'limit_reached', status: 403, details: { resets_at: '2026-01-16T00:00:00.000Z' } });
  });

  it('asks for a new token once after a 401 and retries', async () => {
    let calls = 0;
    const client = createTollgateClient({
      baseUrl: BASE_URL,
      getToken: () => {
        calls += 1;
        return engine.tokenFor('c_token', 60);
      },
      fetch: engine.fetch,
    });
    await client.getUsage();
    await client.getUsage();
    expect(calls).toBe(1);
    engine.deps.clock.advance(120_000); // the 60 s token has expired
    await Promise.all([client.getUsage(), client.getSubscription(), client.listInvoices()]);
    expect(calls).toBe(2); // three requests refused together fetch one new token
    const bad = createTollgateClient({ baseUrl: BASE_URL, getToken: () => 'tg_ct_forged.sig', fetch: engine.fetch });
    await expect(bad.getUsage()).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
  });

  it('reports a failed token fetch or network as an error, not a crash', async () => {
    const noToken = createTollgateClient({ baseUrl: BASE_URL, getToken: () => Promise.reject(new Error('signed out')), fetch: engine.fetch });
    await expect(noToken.getUsage()).rejects.toMatchObject({ code: 'network_error', message: 'signed out', status: 0 });
    const offline = createTollgateClient({ baseUrl: BASE_URL, getToken: () => 't', fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(offline.getSubscription()).rejects.toMatchObject({ code: 'network_error', message: 'fetch failed' });
  });
});

describe('apiUrl', () => {
  it('joins a base with or without a trailing slash', () => {
    expect(apiUrl('https://x.example/tg', 'usage')).toBe('https://x.example/tg/api/v1/billing/usage');
    expect(apiUrl('/', 'check')).toBe('/api/v1/billing/check');
  });
});

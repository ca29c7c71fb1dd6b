import { afterEach, describe, expect, it } from 'vitest';
import { testDriver } from '../../testing/db.ts';
import { createTestApp, type TestApp } from './app.test-support.ts';

describe(`HTTP app (${testDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('answers /health with the database driver and a request id', async () => {
    t = await createTestApp();
    const response = await t.app.request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', version: '0.1.0', database: testDriver() });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const echoed = await t.app.request('/health', { headers: { 'x-request-id': 'trace-12345678' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-12345678');
  });

  it('answers an unknown path with the error body and a request id', async () => {
    t = await createTestApp();
    const response = await t.app.request('/api/v1/billing/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('mints a customer token with a secret key; the token acts for that customer only', async () => {
    t = await createTestApp();
    const minted = await t.call('POST', '/api/v1/billing/tokens', { auth: t.secretKey, body: { customer: 'user_1', ttl_seconds: 120 } });
    expect(minted.status).toBe(201);
    const { token, expires_at } = (await minted.json()) as { token: string; expires_at: string };
    expect(token).toMatch(/^tg_ct_/);
    expect(new Date(expires_at).getTime() - t.deps.clock.now().getTime()).toBe(120_000);
    const own = await t.call('GET', '/api/v1/billing/session', { auth: token });
    expect(await own.json()).toEqual({ customer: 'user_1', credential: 'customer_token' });
    const same = await t.call('GET', '/api/v1/billing/session?customer=user_1', { auth: token });
    expect(same.status).toBe(200);
    const other = await t.call('GET', '/api/v1/billing/session?customer=user_2', { auth: token });
    expect(other.status).toBe(403);
    const bySecret = await t.call('GET', '/api/v1/billing/session?customer=user_2', { auth: t.secretKey });
    expect(await bySecret.json()).toEqual({ customer: 'user_2', credential: 'secret_key' });
  });

  it('rejects a bad ttl naming the field, and a token signed with another secret', async () => {
    t = await createTestApp();
    const bad = await t.call('POST', '/api/v1/billing/tokens', { auth: t.secretKey, body: { customer: 'u', ttl_seconds: 5 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'validation_failed', param: 'ttl_seconds' } });
    const other = await createTestApp({ app: { tokenSecret: 'another-secret' } });
    try {
      const foreign = await other.tokenFor('user_1');
      const response = await t.call('GET', '/api/v1/billing/session', { auth: foreign });
      expect(response.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('rate limits per credential with 429 rate_limited and Retry-After', async () => {
    t = await createTestApp({ app: { rateLimit: { requestsPerSecond: 2, burst: 3 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.call('GET', '/api/v1/billing/session?customer=a', { auth: t.secretKey })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.call('GET', '/api/v1/billing/session?customer=a', { auth: t.secretKey });
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBe('1');
    const token = await t.tokenFor('a');
    expect((await t.call('GET', '/api/v1/billing/session', { auth: token })).status).toBe(200);
    t.deps.clock.advance(1000);
    expect((await t.call('GET', '/api/v1/billing/session?customer=a', { auth: t.secretKey })).status).toBe(200);
  });

  it('answers CORS preflight for configured origins only', async () => {
    t = await createTestApp({ app: { cors: { origin: ['https://app.example'] } } });
    const preflight = await t.app.request('/api/v1/billing/session', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await t.app.request('/api/v1/billing/session', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an oversized body with 413 payload_too_large', async () => {
    t = await createTestApp({ app: { maxBodyBytes: 100 } });
    const response = await t.call('POST', '/api/v1/billing/tokens', { auth: t.secretKey, body: { customer: 'x'.repeat(500) } });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('in library mode authenticates with the app hook', async () => {
    t = await createTestApp({
      app: { authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { customer: 'alice' } : null) },
    });
    const signedIn = await t.app.request('/api/v1/billing/session', { headers: { cookie: 'session=alice' } });
    expect(await signedIn.json()).toEqual({ customer: 'alice', credential: 'app' });
    expect((await t.app.request('/api/v1/billing/session?customer=bob', { headers: { cookie: 'session=alice' } })).status).toBe(403);
    expect((await t.app.request('/api/v1/billing/session')).status).toBe(401);
    const admin = await t.app.request('/api/v1/billing/tokens', { method: 'POST', headers: { cookie: 'session=alice' }, body: '{"customer":"alice"}' });
    expect(admin.status).toBe(403);
  });
});

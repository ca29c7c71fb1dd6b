import { describe, expect, it } from 'vitest';
import { revokeApiKey } from '../auth/keys.ts';
import { adminSessions } from '../../core/db/schema/admin-sessions.ts';
import { apiKeys } from '../../core/db/schema/api-keys.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestApp } from '../server/app.test-support.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './mount.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

const ORIGIN = 'http://tollgate.test';

describe('the dashboard under /admin: sign-in, session cookie, CSRF, nothing without a session', () => {
  const t = perSuite(createTestApp);

  const request = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    t.app.request(`${ORIGIN}${path}`, { ...init, headers: { host: 'tollgate.test', ...init.headers } });
  const signIn = (key: string, origin = ORIGIN) =>
    request('/admin/session', { method: 'POST', body: new URLSearchParams({ key }), headers: { origin, 'content-type': 'application/x-www-form-urlencoded' } });
  async function session() {
    const response = await signIn(t.secretKey);
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie') ?? '';
    const token = /tollgate_admin=([^;]+)/.exec(cookie)?.[1] ?? '';
    const shell = await (await request('/admin/', { headers: { cookie: `${SESSION_COOKIE}=${token}` } })).text();
    const csrf = /name="tollgate-csrf" content="([^"]+)"/.exec(shell)?.[1] ?? '';
    return { cookie, token, csrf, headers: { cookie: `${SESSION_COOKIE}=${token}` } };
  }

  it('serves only the sign-in page without a session, and refuses a wrong key, a customer token and a foreign origin', async () => {
    const page = await request('/admin/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('action="/admin/session"');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await request('/admin/assets/app.js')).status).toBe(401);
    expect((await request('/admin/api/v1/billing/admin/overview')).status).toBe(401);
    const wrong = await signIn('tg_sk_wrong_wrong_wrong_wrong_wrong_wrong');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await wrong.text()).toContain('That key was not accepted');
    expect((await signIn(await t.tokenFor('u1'))).status).toBe(401);
    expect((await signIn(t.revokedKey)).status).toBe(401);
    expect((await signIn(t.secretKey, 'https://evil.example')).status).toBe(403);
    expect(await t.deps.db.select().from(adminSessions)).toEqual([]);
  });

  it('exchanges a secret key for an HttpOnly, SameSite=Strict cookie that reads the API, and changes only with the CSRF token', async () => {
    const s = await session();
    expect(s.cookie).toMatch(/HttpOnly/);
    expect(s.cookie).toMatch(/SameSite=Strict/);
    expect(s.cookie).toMatch(/Path=\/admin/);
    expect(s.token).toMatch(/^tg_as_/);
    expect(s.csrf.length).toBeGreaterThan(20);
    const overview = await request('/admin/api/v1/billing/admin/overview', { headers: s.headers });
    expect(overview.status).toBe(200);
    expect(await overview.json()).toMatchObject({ mrr: [], subscriptions: [], events: [] });
    expect((await request('/admin/assets/app.css', { headers: s.headers })).status).toBe(200);
    // A change without the token, or from another origin, is refused before it reaches the API.
    const replay = (headers: Record<string, string>) =>
      request('/admin/api/v1/billing/admin/events/evt_missing/replay', { method: 'POST', headers: { ...s.headers, ...headers } });
    expect((await replay({ origin: ORIGIN })).status).toBe(403);
    expect((await replay({ origin: 'https://evil.example', [CSRF_HEADER]: s.csrf })).status).toBe(403);
    const missing = await replay({ origin: ORIGIN, [CSRF_HEADER]: s.csrf });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found', param: 'id' } });
    // Unknown customers are 404 naming the param.
    const nobody = await request('/admin/api/v1/billing/admin/customers/nobody/overview', { headers: s.headers });
    expect([nobody.status, ((await nobody.json()) as { error: { param: string } }).error.param]).toEqual([404, 'id']);
  });

  it('ends: sign-out, expiry, and a revoked key end the session', async () => {
    const s = await session();
    const out = await request('/admin/session/end', { method: 'POST', headers: { ...s.headers, origin: ORIGIN } });
    expect(out.status).toBe(303);
    expect((await request('/admin/api/v1/billing/admin/overview', { headers: s.headers })).status).toBe(401);
    const later = await session();
    t.deps.clock.advance(8 * 3_600_000 + 1000);
    expect((await request('/admin/api/v1/billing/admin/overview', { headers: later.headers })).status).toBe(401);
    expect(await (await request('/admin/', { headers: later.headers })).text()).toContain('action="/admin/session"');
    const third = await session();
    for (const key of await t.deps.db.select().from(apiKeys)) unwrap(await revokeApiKey(t.deps, { id: key.id }));
    expect((await request('/admin/api/v1/billing/admin/overview', { headers: third.headers })).status).toBe(401);
  });
});

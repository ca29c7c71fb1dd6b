import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../server/app.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/** The dashboard's sign-in over real HTTP, through the same per-address auth-failure limiter as the API's credentials. */
describe('dashboard sign-in and the auth-failure limiter', () => {
  const t = perSuite(() => createTestApp({ transport: 'node', app: { authFailureLimit: { burst: 3, perSecond: 1 } } }));
  let base: string;
  beforeAll(async () => {
    // The server's URL, from a request that answers with it: the sign-in must come from the dashboard's own origin.
    base = new URL((await t.call('GET', '/health')).url).origin;
  });

  const signIn = (key: string) =>
    fetch(`${base}/admin/session`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ key }),
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    });

  it('answers 429 once an address has spent its wrong keys, on the sign-in and on the API alike, then lets it in later', async () => {
    for (let i = 0; i < 3; i++) {
      const wrong = await signIn(`tg_sk_wrong_${i}_wrong_wrong_wrong_wrong_wrong`);
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).toContain('That key was not accepted');
    }
    const limited = await signIn('tg_sk_wrong_again_wrong_wrong_wrong_wrong');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('Too many failed sign-ins');
    // The right key is not even read while the address waits, and the API's limiter is the same one.
    expect((await signIn(t.secretKey)).status).toBe(429);
    expect((await t.call('GET', '/api/v1/billing/customers', { auth: t.secretKey })).status).toBe(429);
    // A forged session cookie counts as a failure too (and is refused while limited).
    expect((await fetch(`${base}/admin/api/v1/billing/admin/overview`, { headers: { cookie: 'tollgate_admin=tg_as_forged' } })).status).toBe(429);

    t.deps.clock.advance(10_000);
    const ok = await signIn(t.secretKey);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('set-cookie')).toMatch(/tollgate_admin=[^;]+; .*HttpOnly/);
  });

  it('counts wrong API keys against the sign-in: one limiter per address', async () => {
    t.deps.clock.advance(60_000);
    for (let i = 0; i < 3; i++) expect((await t.call('GET', '/api/v1/billing/customers', { auth: `tg_sk_bad_${i}_bad_bad_bad_bad_bad_bad` })).status).toBe(401);
    expect((await signIn(t.secretKey)).status).toBe(429);
  });
});

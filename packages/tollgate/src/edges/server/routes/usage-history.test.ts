import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.test-support.ts';

const DAY_MS = 86_400_000;

describe('GET usage/history', () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('sums the ledger per UTC day over the last 30 days, today last, reversals negative, zeros filled', async () => {
    t = await createTestApp({ deps: { now: '2026-03-10T23:30:00Z' } });
    const { deps } = t;
    const token = await t.tokenFor('user_h');
    const track = (amount: number, at: number, key: string) =>
      t?.call('POST', '/api/v1/billing/track', { auth: token, body: { feature: 'messages', amount, timestamp: at, idempotency_key: key } });
    const now = deps.clock.now().getTime();
    expect((await track(3, now - 2 * DAY_MS, 'a'))?.status).toBe(200); // 2026-03-08
    expect((await track(4, now - 2 * DAY_MS + 60_000, 'b'))?.status).toBe(200); // still 2026-03-08 (23:31)
    expect((await track(5, now, 'c'))?.status).toBe(200); // today
    expect((await track(2, now - 31 * DAY_MS, 'd'))?.status).toBe(200); // outside the 30 days
    const reversed = await t.call('POST', '/api/v1/billing/usage/reverse', { auth: t.secretKey, body: { customer: 'user_h', idempotency_key: 'c' } });
    expect(reversed.status).toBe(200);

    const res = await t.call('GET', '/api/v1/billing/usage/history?feature=messages', { auth: token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { feature: string; days: { date: string; used: number }[] };
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toEqual({ date: '2026-02-09', used: 0 });
    expect(body.days.at(-1)).toEqual({ date: '2026-03-10', used: 0 }); // 5, then reversed
    expect(body.days.find((d) => d.date === '2026-03-08')).toEqual({ date: '2026-03-08', used: 7 });
    expect(body.days.reduce((sum, d) => sum + d.used, 0)).toBe(7);

    const week = (await (await t.call('GET', '/api/v1/billing/usage/history?feature=messages&days=7', { auth: token })).json()) as typeof body;
    expect(week.days.map((d) => d.date)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10']);
  });

  it('refuses what has no history, naming the field, and reads only the token holder', async () => {
    t = await createTestApp();
    const token = await t.tokenFor('user_h');
    const gauge = await t.call('GET', '/api/v1/billing/usage/history?feature=agents', { auth: token });
    expect(gauge.status).toBe(400);
    expect(await gauge.json()).toMatchObject({ error: { code: 'validation_failed', param: 'feature' } });
    expect(await (await t.call('GET', '/api/v1/billing/usage/history?feature=nope', { auth: token })).json()).toMatchObject({
      error: { code: 'feature_not_found', param: 'feature' },
    });
    expect((await t.call('GET', '/api/v1/billing/usage/history?feature=messages&days=91', { auth: token })).status).toBe(400);
    expect((await t.call('GET', '/api/v1/billing/usage/history?feature=messages&customer=other', { auth: token })).status).toBe(403);
  });
});

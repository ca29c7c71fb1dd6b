import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../core/config/types.ts';
import { queryRows } from '../../core/db/sql.ts';
import { createHooks } from '../../notify/hooks/create-hooks.ts';
import { drainOutbox } from '../../notify/hooks/drain-outbox.ts';
import type { HookMessage } from '../../notify/hooks/types.ts';
import { unwrap } from '../../core/lib/result.ts';
import { deliverToEndpoint } from '../../notify/outbound/deliver.ts';
import { createWebhookEndpoint } from '../../notify/outbound/endpoints.ts';
import { verifyWebhook } from '../../notify/outbound/sign.ts';
import { listen, type Listening } from '../../edges/server/listen.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { seedCustomer } from '../ledger/fixtures.test-support.ts';
import { track } from '../ledger/track.ts';
import { grantCredits } from './grant.ts';
import { setSpendCap } from './set-spend-cap.ts';
import { sweepAlerts } from './sweep-alerts.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const config = defineConfig({ ...creditsTestConfig, outbound: { allowPrivateNetworks: true } });

async function outbox(deps: TestDeps): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const rows = await queryRows<{ type: string; payload: Record<string, unknown> | string }>(deps.db, sql`select type, payload from outbox order by id`);
  return rows.map((r) => ({ type: r.type, payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload }));
}

describe('alerts: once per threshold per window, as a hook and a signed outbound webhook', () => {
  const deps = perTest(() => createTestDeps({ config, stripe: false, now: '2026-01-20T12:00:00Z' }));
  let server: Listening | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('allowance used: 80 % and 100 % fire once each under concurrent consumes and retries, to the app hooks and the outbound endpoint', async () => {
    const received: { headers: Headers; body: string }[] = [];
    const app = new Hono();
    app.post('/hooks', async (c) => {
      received.push({ headers: c.req.raw.headers, body: await c.req.text() });
      return c.text('ok');
    });
    server = await listen(app.fetch, { port: 0 });
    const endpoint = unwrap(await createWebhookEndpoint(deps, { url: `${server.url}/hooks`, events: ['usage.threshold_reached'] }));
    // Free: 10 searches a day. 15 at once, then the same 15 again (retries).
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(Array.from({ length: 15 }, (_, i) => consume(deps, { customer: 'u', feature: 'searches', idempotencyKey: `s${i}` })));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
    }
    const alerts = (await outbox(deps)).filter((m) => m.type === 'usage.threshold_reached');
    expect(alerts.map((a) => a.payload)).toEqual([
      { customer: 'u', feature: 'searches', percent: 80, used: expect.any(Number) as unknown, limit: 10, window: 'day:2026-01-20' },
      { customer: 'u', feature: 'searches', percent: 100, used: 10, limit: 10, window: 'day:2026-01-20' },
    ]);
    // The app's hooks get each once.
    const seen: HookMessage<'usage.threshold_reached'>[] = [];
    const hooks = createHooks();
    hooks.on('usage.threshold_reached', (m) => void seen.push(m));
    await drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'hooks' });
    await drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'hooks' });
    expect(seen.map((m) => [m.payload.percent, m.externalId])).toEqual([
      [80, 'u'],
      [100, 'u'],
    ]);
    // The app's endpoint gets each once, signed.
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 2, failed: 0 });
    expect(await deliverToEndpoint(deps, endpoint)).toMatchObject({ delivered: 0, failed: 0 });
    expect(received).toHaveLength(2);
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    for (const r of received) expect(verifyWebhook(endpoint.secret, r.headers, r.body, now)).toBe(true);
    expect(received.map((r) => (JSON.parse(r.body) as { type: string; data: { percent: number } }).data.percent)).toEqual([80, 100]);
    // A new window arms them again.
    deps.clock.set('2026-01-21T00:00:00Z');
    for (let i = 0; i < 8; i++) unwrap(await consume(deps, { customer: 'u', feature: 'searches' }));
    expect((await outbox(deps)).filter((m) => m.type === 'usage.threshold_reached').map((m) => [m.payload.percent, m.payload.window])).toEqual([
      [80, 'day:2026-01-20'],
      [100, 'day:2026-01-20'],
      [80, 'day:2026-01-21'],
    ]);
  });

  it('low balance fires once per threshold until a refill; spend fires at each percent of the cap once per period', async () => {
    await seedCustomer(deps.db, {
      externalId: 'b',
      subscription: { planKey: 'pro', status: 'active', periodStart: '2026-01-15T00:00:00Z', periodEnd: '2026-02-15T00:00:00Z' },
    });
    unwrap(await setSpendCap(deps, { customer: 'b', scope: 'credits', cap: 1000 }));
    // Pro includes 1,000 credits; 30 debits of 25 (concurrently, then retried) take it to 250.
    for (let round = 0; round < 2; round++) {
      await Promise.all(Array.from({ length: 30 }, (_, i) => consume(deps, { customer: 'b', feature: 'agent_run', idempotencyKey: `a${i}` })));
    }
    expect((await outbox(deps)).map((m) => [m.type, m.payload.percent ?? m.payload.threshold])).toEqual([['spend.threshold_reached', 50]]);
    for (let i = 0; i < 7; i++) unwrap(await consume(deps, { customer: 'b', feature: 'agent_run' }));
    // 75 left: below 100 once; 5 x 14 messages more: below 10 once, and the whole cap spent.
    for (let i = 0; i < 5; i++) unwrap(await consume(deps, { customer: 'b', feature: 'messages', amount: 14 }));
    expect(await consume(deps, { customer: 'b', feature: 'messages', amount: 10 })).toMatchObject({ ok: false, error: { code: 'insufficient_credits' } });
    unwrap(await grantCredits(deps, { customer: 'b', amount: 200 }));
    expect(await consume(deps, { customer: 'b', feature: 'messages', amount: 6 })).toMatchObject({ ok: false, error: { code: 'spend_cap_reached' } });
    unwrap(await setSpendCap(deps, { customer: 'b', scope: 'credits', cap: 2000 }));
    // The refill re-arms the low-balance alerts: 205 -> 95 fires "below 100" again.
    for (let i = 0; i < 11; i++) unwrap(await consume(deps, { customer: 'b', feature: 'messages', amount: 10 }));
    // Alerts carry the standing when they were evaluated (a group of debits is evaluated once, after it).
    const fired = (await outbox(deps)).map((m) => [m.type, m.payload.percent ?? m.payload.threshold, m.payload.balance ?? null]);
    expect(fired).toEqual([
      ['spend.threshold_reached', 50, null],
      ['credits.low_balance', 100, 75],
      ['credits.low_balance', 10, 5],
      ['credits.low_balance', 100, 95],
    ]);
    // 100 % of the cap: 995 spent of 1,000 did not reach it; raised to 2,000 it kept 50 % fired for this period; at 1,110 the next debit reaches it.
    unwrap(await setSpendCap(deps, { customer: 'b', scope: 'credits', cap: 1110 }));
    unwrap(await consume(deps, { customer: 'b', feature: 'messages', amount: 5 }));
    const spend = (await outbox(deps))
      .filter((m) => m.type === 'spend.threshold_reached')
      .map((m) => [m.payload.percent, m.payload.spent, m.payload.cap] as [number, number, number]);
    expect(spend.map(([percent, , cap]) => [percent, cap])).toEqual([
      [50, 1000],
      [100, 1110],
    ]);
    // The 50 % alert carries the spend of the group of concurrent debits it was
    // evaluated after: which debits shared a group is up to the scheduler, so
    // it is some whole number of debits at or past the threshold, up to all 30.
    const [[, spentAtHalf], [, spentAtCap]] = spend as [[number, number, number], [number, number, number]];
    expect(spentAtHalf).toBeGreaterThanOrEqual(500);
    expect(spentAtHalf).toBeLessThanOrEqual(750);
    expect(spentAtHalf % 25).toBe(0);
    expect(spentAtCap).toBe(1110);
    expect(await sweepAlerts(deps)).toBe(0);
  });

  it('the sweep fires what usage recorded by track reached (and what a crash left unfired), once however many run', async () => {
    unwrap(await track(deps, { customer: 't', feature: 'searches', amount: 9 }));
    expect(await outbox(deps)).toEqual([]);
    const counts = await Promise.all(Array.from({ length: 5 }, () => sweepAlerts(deps)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await sweepAlerts(deps)).toBe(0);
    unwrap(await track(deps, { customer: 't', feature: 'searches', amount: 1 }));
    expect(await sweepAlerts(deps)).toBe(1);
    expect((await outbox(deps)).map((m) => m.payload.percent)).toEqual([80, 100]);
  });
});

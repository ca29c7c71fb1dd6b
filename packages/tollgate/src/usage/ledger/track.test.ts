import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { check } from '../entitlements/check.ts';
import { createLogger } from '../../core/lib/log.ts';
import { unwrap } from '../../core/lib/result.ts';
import { planMeterReports } from '../reporter/plan-reports.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { daysBefore, testNow } from '../../testing/now.ts';
import { reverseUsage } from './reverse.ts';
import { seedCustomer, usageTestConfig } from './fixtures.test-support.ts';
import { track } from './track.ts';
import { trackBatch } from './track-batch.ts';

async function counters(deps: TestDeps, customer: string) {
  const rows = await queryRows<{ window_key: string; used: string; billable: string }>(
    deps.db,
    sql`select window_key, used, billable from usage_counters where customer_id = ${customer} order by window_key`,
  );
  return rows.map((r) => [r.window_key, Number(r.used), Number(r.billable)]);
}

describe(`track, trackBatch, reverse (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('a repeated idempotency key is a no-op returning the original, whatever its timestamp', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    const event = { customer: 'a', feature: 'messages', amount: 3, idempotencyKey: 'm-1', properties: { model: 'x' } };
    const first = unwrap(await track(deps, event));
    expect(first).toMatchObject({ duplicate: false, amount: 3, timestamp: '2026-01-15T12:00:00.000Z', properties: { model: 'x' } });
    deps.clock.advance(3_600_000);
    const retry = unwrap(await track(deps, { ...event, timestamp: '2026-01-15T12:59:00Z' }));
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await counters(deps, 'a')).toEqual([['day:2026-01-15', 3, 0]]);
    // The same key for another customer is another event.
    expect(unwrap(await track(deps, { customer: 'b', feature: 'messages', idempotencyKey: 'm-1' })).duplicate).toBe(false);
  });

  it('concurrent single tracks share writes and stay exact, repeats included', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => track(deps, { customer: `s${i % 3}`, feature: 'messages', amount: 2, idempotencyKey: `t${i % 270}` })),
    );
    const events = results.map((r) => unwrap(r));
    expect(events.filter((e) => e.duplicate)).toHaveLength(30);
    expect(events[270]).toEqual({ ...events[0], duplicate: true });
    const [total] = await queryRows<{ sum: string }>(deps.db, sql`select sum(used) as sum from usage_counters`);
    expect(Number(total?.sum)).toBe(540);
  });

  it('batches: one call, in-batch and cross-batch repeats deduplicated, sums per window', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    const events = Array.from({ length: 1000 }, (_, i) => ({
      customer: `c${i % 10}`,
      feature: 'messages',
      amount: 2,
      idempotencyKey: `e${i % 900}`, // 100 in-batch repeats
      timestamp: i % 3 === 0 ? '2026-01-14T23:00:00Z' : undefined, // a third land in yesterday's window
    }));
    const result = unwrap(await trackBatch(deps, events));
    expect(result.events).toHaveLength(1000);
    expect(result.duplicates).toBe(100);
    expect(result.events[900]).toMatchObject({ duplicate: true, idempotencyKey: 'e0', id: result.events[0]?.id });
    const again = unwrap(await trackBatch(deps, events.slice(0, 50)));
    expect(again.duplicates).toBe(50);
    const [total] = await queryRows<{ sum: string }>(deps.db, sql`select sum(used) as sum from usage_counters`);
    expect(Number(total?.sum)).toBe(1800);
    expect(await deps.db.$count(sql`usage_events`)).toBe(900);
    expect((await counters(deps, 'c0')).map((c) => c[0])).toEqual(['day:2026-01-14', 'day:2026-01-15']);
  });

  it('batches are all or nothing, naming the bad event', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const bad = await trackBatch(deps, [
      { customer: 'a', feature: 'messages' },
      { customer: 'a', feature: 'messages', amount: -1 },
    ]);
    expect(!bad.ok && bad.error).toMatchObject({ code: 'validation_failed', param: 'events[1].amount' });
    const future = await trackBatch(deps, [{ customer: 'a', feature: 'messages', timestamp: '2030-01-01T00:00:00Z' }]);
    expect(!future.ok && future.error.param).toBe('events[0].timestamp');
    const tooMany = await trackBatch(
      deps,
      Array.from({ length: 1001 }, () => ({ customer: 'a', feature: 'messages' })),
    );
    expect(!tooMany.ok && tooMany.error.param).toBe('events');
    expect(await deps.db.$count(sql`usage_events`)).toBe(0);
  });

  it('windows reset across midnight and month ends, in the customer time zone from the mirror', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-31T22:30:00Z' });
    await seedCustomer(deps.db, { externalId: 'tokyo', timeZone: 'Asia/Tokyo' });
    // 22:30 UTC on Jan 31 is 07:30 on Feb 1 in Tokyo: the February window.
    expect(unwrap(await track(deps, { customer: 'tokyo', feature: 'leads', amount: 4 })).windowKey).toBe('month:2026-02');
    expect(unwrap(await track(deps, { customer: 'utc-user', feature: 'leads', amount: 4 })).windowKey).toBe('month:2026-01');
    expect(unwrap(await check(deps, { customer: 'tokyo', feature: 'leads' }))).toMatchObject({
      used: 4,
      remaining: 6,
      resetsAt: '2026-02-28T15:00:00.000Z',
    });
    deps.clock.set('2026-02-01T00:00:00Z');
    expect(unwrap(await check(deps, { customer: 'utc-user', feature: 'leads' }))).toMatchObject({ used: 0, remaining: 10 });
    expect(unwrap(await check(deps, { customer: 'tokyo', feature: 'leads' })).used).toBe(4);
    // Daily messages: 23:59:59 then midnight.
    deps.clock.set('2026-02-01T23:59:59Z');
    unwrap(await track(deps, { customer: 'utc-user', feature: 'messages', amount: 50 }));
    expect(unwrap(await check(deps, { customer: 'utc-user', feature: 'messages' })).allowed).toBe(false);
    deps.clock.advance(1000);
    expect(unwrap(await check(deps, { customer: 'utc-user', feature: 'messages' }))).toMatchObject({ allowed: true, used: 0 });
  });

  it('reversal takes an event back from its own window, overage included, once', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    await seedCustomer(deps.db, {
      externalId: 'p',
      subscription: { planKey: 'pro', status: 'active', periodStart: '2026-01-01T00:00:00Z', periodEnd: '2026-02-01T00:00:00Z' },
    });
    unwrap(await track(deps, { customer: 'p', feature: 'tokens', amount: 900, idempotencyKey: 'a' }));
    unwrap(await track(deps, { customer: 'p', feature: 'tokens', amount: 300, idempotencyKey: 'b' }));
    expect(await counters(deps, 'p')).toEqual([['day:2026-01-15', 1200, 200]]);
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    const warnings: string[] = [];
    deps.log = createLogger({ write: (line) => warnings.push(line) });
    deps.clock.set('2026-01-16T09:00:00Z');
    const reversal = unwrap(await reverseUsage(deps, { customer: 'p', idempotencyKey: 'b' }));
    expect(reversal).toMatchObject({ amount: -300, windowKey: 'day:2026-01-15', duplicate: false });
    expect(await counters(deps, 'p')).toEqual([['day:2026-01-15', 900, 0]]);
    // The 200 units were already reported: flagged, since Stripe keeps them.
    expect(warnings.map((w) => JSON.parse(w) as { message: string; overReported: number })).toMatchObject([
      { message: 'usage: reversal of overage already reported to Stripe', overReported: 200 },
    ]);
    expect(unwrap(await reverseUsage(deps, { customer: 'p', idempotencyKey: 'b' }))).toEqual({ ...reversal, duplicate: true });
    expect(await counters(deps, 'p')).toEqual([['day:2026-01-15', 900, 0]]);
    const missing = await reverseUsage(deps, { customer: 'p', idempotencyKey: 'zzz' });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not_found', param: 'idempotencyKey' });
  });

  it('counts billable overage on soft limits only', async () => {
    // From the run's origin (TOLLGATE_TEST_NOW: a leap day, a DST change, a year end in CI).
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const today = `day:${testNow().toISOString().slice(0, 10)}`;
    unwrap(await trackBatch(deps, [{ customer: 'f', feature: 'tokens', amount: 150 }]));
    expect(await counters(deps, 'f')).toEqual([[today, 150, 0]]);
    await seedCustomer(deps.db, {
      externalId: 'g',
      subscription: { planKey: 'pro', status: 'trialing', periodStart: daysBefore(14).toISOString(), periodEnd: daysBefore(-17).toISOString() },
    });
    unwrap(
      await trackBatch(deps, [
        { customer: 'g', feature: 'tokens', amount: 600 },
        { customer: 'g', feature: 'tokens', amount: 600 },
      ]),
    );
    expect(await counters(deps, 'g')).toEqual([[today, 1200, 200]]);
  });
});

import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { check } from '../entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { daysBefore } from '../../testing/now.ts';
import { testDriver } from '../../testing/db.ts';
import { consume } from './consume.ts';
import { seedCustomer, usageTestConfig } from './fixtures.test-support.ts';

const pro = { planKey: 'pro', status: 'active', currentPeriodStart: new Date('2026-01-01T00:00:00Z'), currentPeriodEnd: new Date('2026-02-01T00:00:00Z') };

describe(`consume (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('200 concurrent consumes against an allowance of 50: exactly 50 succeed', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => consume(deps, { customer: 'u1', feature: 'messages', idempotencyKey: `k${i}` })));
    const succeeded = results.filter((r) => r.ok).length;
    expect(succeeded).toBe(50);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe('limit_reached');
    const [counter] = await queryRows<{ used: string }>(deps.db, sql`select used from usage_counters where customer_id = 'u1'`);
    expect(Number(counter?.used)).toBe(50);
    expect(await deps.db.$count(sql`usage_events`)).toBe(50);
    expect(unwrap(await check(deps, { customer: 'u1', feature: 'messages' }))).toMatchObject({ allowed: false, used: 50, remaining: 0 });
  });

  it('refuses with limit_reached and the reset time; amounts larger than what is left are refused whole', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T22:00:00Z' });
    expect(unwrap(await consume(deps, { customer: 'u2', feature: 'messages', amount: 45 }))).toMatchObject({ used: 45, remaining: 5, allowed: true });
    const refused = await consume(deps, { customer: 'u2', feature: 'messages', amount: 6 });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({
      code: 'limit_reached',
      details: { limit: 50, used: 45, remaining: 5, resetsAt: '2026-01-16T00:00:00.000Z', plan: 'free' },
    });
    expect(unwrap(await consume(deps, { customer: 'u2', feature: 'messages', amount: 5 })).remaining).toBe(0);
    // Midnight UTC: a new window, a fresh allowance.
    deps.clock.set('2026-01-16T00:00:00Z');
    expect(unwrap(await consume(deps, { customer: 'u2', feature: 'messages', amount: 50 })).used).toBe(50);
  });

  it('concurrent consumes of mixed amounts decide as if run one by one', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    unwrap(await consume(deps, { customer: 'm', feature: 'messages', amount: 45 }));
    const [six, five, one] = await Promise.all([
      consume(deps, { customer: 'm', feature: 'messages', amount: 6 }),
      consume(deps, { customer: 'm', feature: 'messages', amount: 5 }),
      consume(deps, { customer: 'm', feature: 'messages', amount: 1 }),
    ]);
    // 6 never fits in the 5 left; 5 and 1 cannot both fit; whichever ran first did.
    expect(six?.ok).toBe(false);
    expect([five?.ok, one?.ok].filter(Boolean)).toHaveLength(1);
    const used = unwrap(await check(deps, { customer: 'm', feature: 'messages', amount: 0 })).used;
    expect(used).toBe(45 + (five?.ok ? 5 : 1));
  });

  it('a retried idempotency key returns the original event and counts once, even at the limit', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const first = unwrap(await consume(deps, { customer: 'u3', feature: 'messages', amount: 50, idempotencyKey: 'job-1' }));
    deps.clock.advance(60_000);
    const again = unwrap(await consume(deps, { customer: 'u3', feature: 'messages', amount: 50, idempotencyKey: 'job-1' }));
    expect(again.event).toEqual({ ...first.event, duplicate: true });
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => consume(deps, { customer: 'u3b', feature: 'messages', amount: 7, idempotencyKey: 'same' })),
    );
    expect(concurrent.every((r) => r.ok)).toBe(true);
    expect(concurrent.filter((r) => r.ok && !r.value.event.duplicate)).toHaveLength(1);
    expect(unwrap(await check(deps, { customer: 'u3b', feature: 'messages' })).used).toBe(7);
  });

  it('soft limits: beyond the included amount is allowed and counted as overage; hard limits refuse', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const within = unwrap(await consume(deps, { customer: 'u4', feature: 'tokens', amount: 900, subscription: pro }));
    expect(within).toMatchObject({ overage: true, overageUsed: 0, limit: 1000 });
    const beyond = unwrap(await consume(deps, { customer: 'u4', feature: 'tokens', amount: 250, subscription: pro }));
    expect(beyond).toMatchObject({ allowed: true, used: 1150, remaining: 0, overageUsed: 150 });
    expect(unwrap(await consume(deps, { customer: 'u4', feature: 'tokens', amount: 10, subscription: pro })).overageUsed).toBe(160);
    // The free plan's tokens are a hard limit.
    expect(unwrap(await consume(deps, { customer: 'u5', feature: 'tokens', amount: 100 })).overage).toBe(false);
    const refused = await consume(deps, { customer: 'u5', feature: 'tokens' });
    expect(!refused.ok && refused.error.code).toBe('limit_reached');
  });

  it('reads the plan from the mirror; unlimited plans never refuse', async () => {
    // From the run's origin (TOLLGATE_TEST_NOW: a leap day, a DST change, a year end in CI).
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const periodStart = daysBefore(5);
    await seedCustomer(deps.db, {
      externalId: 'org-9',
      subscription: { planKey: 'pro', status: 'active', periodStart: periodStart.toISOString(), periodEnd: daysBefore(-26).toISOString() },
    });
    const r = unwrap(await consume(deps, { customer: 'org-9', feature: 'runs', amount: 1_000_000 }));
    expect(r).toMatchObject({ plan: 'pro', unlimited: true, limit: null, used: 1_000_000 });
    expect(r.event.windowKey).toBe(`period:${periodStart.toISOString()}`);
    expect(unwrap(await consume(deps, { customer: 'org-9', feature: 'messages', amount: 500 })).remaining).toBe(0);
  });

  it('rejects bad input naming the field, writing nothing', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const cases = [
      [{ customer: '', feature: 'messages' }, 'customer'],
      [{ customer: 'u', feature: 'messages', amount: 0 }, 'amount'],
      [{ customer: 'u', feature: 'messages', amount: 1.5 }, 'amount'],
      [{ customer: 'u', feature: 'messages', idempotencyKey: '' }, 'idempotencyKey'],
      [{ customer: 'u', feature: 'agents' }, 'feature'],
      [{ customer: 'u', feature: 'nope' }, 'feature'],
    ] as const;
    for (const [input, param] of cases) {
      const r = await consume(deps, input);
      expect(r.ok ? 'ok' : r.error.param).toBe(param);
    }
    const r = await consume(deps, { customer: 'u', feature: 'nope' });
    expect(!r.ok && r.error.code).toBe('feature_not_found');
    expect(await deps.db.$count(sql`usage_events`)).toBe(0);
    expect(await deps.db.$count(sql`usage_counters`)).toBe(0);
  });
});

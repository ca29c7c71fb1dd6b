import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { decrementGauge } from '../ledger/decrement-gauge.ts';
import { getUsage } from '../ledger/get-usage.ts';
import { incrementGauge } from '../ledger/increment-gauge.ts';
import { setGauge } from '../ledger/set-gauge.ts';
import { seedCustomer, usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { track } from '../ledger/track.ts';
import { check } from './check.ts';

describe(`check and gauges (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());
  const analytics = async (customer: string) => unwrap(await check(deps, { customer, feature: 'analytics' }));
  /** Deps at `now`, with `externalId` on Pro (in `status`) for the period Jan 10 to Feb 10. */
  async function proCustomerAt(now: string, externalId: string, status: string) {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now });
    await seedCustomer(deps.db, {
      externalId,
      subscription: { planKey: 'pro', status, periodStart: '2026-01-10T00:00:00Z', periodEnd: '2026-02-10T00:00:00Z' },
    });
  }

  it('answers for boolean, metered, unlimited and unknown features', async () => {
    await proCustomerAt('2026-01-15T12:00:00Z', 'pro-user', 'active');
    expect(await analytics('free-user')).toMatchObject({
      allowed: false,
      code: 'feature_not_in_plan',
      plan: 'free',
    });
    expect(await analytics('pro-user')).toMatchObject({ allowed: true, plan: 'pro' });
    expect(unwrap(await check(deps, { customer: 'pro-user', feature: 'runs', amount: 10 ** 9 }))).toMatchObject({
      allowed: true,
      unlimited: true,
      limit: null,
      remaining: null,
      resetsAt: '2026-02-10T00:00:00.000Z',
    });
    unwrap(await track(deps, { customer: 'free-user', feature: 'messages', amount: 48 }));
    expect(unwrap(await check(deps, { customer: 'free-user', feature: 'messages', amount: 2 }))).toEqual({
      allowed: true,
      feature: 'messages',
      type: 'metered',
      plan: 'free',
      limit: 50,
      used: 48,
      remaining: 2,
      resetsAt: '2026-01-16T00:00:00.000Z',
      unlimited: false,
      overage: false,
      overageUsed: 0,
    });
    expect(unwrap(await check(deps, { customer: 'free-user', feature: 'messages', amount: 3 }))).toMatchObject({ allowed: false, code: 'limit_reached' });
    expect(unwrap(await check(deps, { customer: 'free-user', feature: 'nope' }))).toMatchObject({ allowed: false, code: 'feature_not_found' });
    const usage = unwrap(await getUsage(deps, { customer: 'free-user' }));
    expect(usage.plan).toBe('free');
    expect(usage.features.map((f) => [f.feature, f.used, f.limit])).toEqual([
      ['messages', 48, 50],
      ['leads', 0, 10],
      ['runs', 0, 5],
      ['tokens', 0, 100],
      ['agents', 0, 1],
    ]);
    expect(unwrap(await getUsage(deps, { customer: 'free-user', features: ['analytics'] })).features).toMatchObject([{ feature: 'analytics', allowed: false }]);
    const bad = await check(deps, { customer: 'free-user', feature: 'messages', amount: -1 });
    expect(!bad.ok && bad.error.param).toBe('amount');
  });

  it('a lapsed subscription answers subscription_inactive for what only the paid plan had', async () => {
    await proCustomerAt('2026-01-20T00:00:00Z', 'lapsed', 'past_due');
    expect(await analytics('lapsed')).toMatchObject({
      allowed: false,
      code: 'subscription_inactive',
      plan: 'free',
    });
    expect(unwrap(await check(deps, { customer: 'lapsed', feature: 'messages' }))).toMatchObject({ allowed: true, limit: 50 });
    // Within the grace period the plan holds.
    deps.clock.set('2026-01-12T00:00:00Z');
    expect((await analytics('lapsed')).allowed).toBe(true);
  });

  it('gauges: increments enforce the cap atomically, decrements floor at zero, set reports a fact', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const pro = { planKey: 'pro', status: 'active' };
    const attempts = await Promise.all(Array.from({ length: 20 }, () => incrementGauge(deps, { customer: 'g', feature: 'agents', subscription: pro })));
    expect(attempts.filter((r) => r.ok)).toHaveLength(5);
    const refused = attempts.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.error).toMatchObject({ code: 'limit_reached', details: { limit: 5 } });
    expect(unwrap(await check(deps, { customer: 'g', feature: 'agents', subscription: pro }))).toMatchObject({
      allowed: false,
      used: 5,
      limit: 5,
      resetsAt: null,
    });
    expect(unwrap(await decrementGauge(deps, { customer: 'g', feature: 'agents', amount: 2 }))).toMatchObject({ value: 3 });
    expect(unwrap(await decrementGauge(deps, { customer: 'g', feature: 'agents', amount: 9 })).value).toBe(0);
    // Free plan: one agent.
    expect(unwrap(await setGauge(deps, { customer: 'g', feature: 'agents', amount: 3 }))).toMatchObject({ value: 3, limit: 1 });
    expect(unwrap(await check(deps, { customer: 'g', feature: 'agents' }))).toMatchObject({ allowed: false, code: 'limit_reached' });
    const wrong = await incrementGauge(deps, { customer: 'g', feature: 'messages' });
    expect(!wrong.ok && wrong.error.param).toBe('feature');
    const nope = await incrementGauge(deps, { customer: 'g', feature: 'analytics', subscription: pro });
    expect(!nope.ok && nope.error.code).toBe('validation_failed');
  });
});

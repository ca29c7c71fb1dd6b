import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { check } from '../entitlements/check.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { decrementGauge } from './decrement-gauge.ts';
import { incrementGauge } from './increment-gauge.ts';
import { usageTestConfig } from './fixtures.test-support.ts';

const pro = { planKey: 'pro', status: 'active' };

describe(`gauge moves with an idempotency key (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  const gauge = async (customer: string) => unwrap(await check(deps, { customer, feature: 'agents', amount: 0, subscription: pro })).used;
  const claims = async () => Number((await queryRows<{ n: string | number }>(deps.db, sql`select count(*) as n from usage_gauge_moves`))[0]?.n);

  it('a retried increment or decrement moves the gauge once and answers the first move, also when the retries race', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    const create = () => incrementGauge(deps, { customer: 'org', feature: 'agents', subscription: pro, idempotencyKey: 'agent_1_created' });
    expect(unwrap(await create())).toEqual({ customer: 'org', feature: 'agents', value: 1, limit: 5, duplicate: false });
    // Ten retries at once, while other agents are created: the first move only counts once.
    const [retries, others] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, create)),
      Promise.all([2, 3].map((n) => incrementGauge(deps, { customer: 'org', feature: 'agents', subscription: pro, idempotencyKey: `agent_${n}_created` }))),
    ]);
    for (const r of retries) expect(unwrap(r)).toMatchObject({ value: 1, duplicate: true });
    for (const r of others) expect(unwrap(r).duplicate).toBe(false);
    expect(await gauge('org')).toBe(3);

    const remove = () => decrementGauge(deps, { customer: 'org', feature: 'agents', idempotencyKey: 'agent_2_deleted' });
    const removals = await Promise.all([remove(), remove(), remove()]);
    expect(removals.map((r) => unwrap(r).value)).toEqual([2, 2, 2]);
    expect(removals.filter((r) => !unwrap(r).duplicate)).toHaveLength(1);
    expect(await gauge('org')).toBe(2);
  });

  it('a key racing on the last free slot: one move, every retry answers it', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    await Promise.all([1, 2, 3, 4].map((n) => incrementGauge(deps, { customer: 'full', feature: 'agents', subscription: pro, idempotencyKey: `a${n}` })));
    const last = await Promise.all(
      Array.from({ length: 8 }, () => incrementGauge(deps, { customer: 'full', feature: 'agents', subscription: pro, idempotencyKey: 'a5' })),
    );
    // The retries of the move that took the cap's last unit are answers, not refusals.
    for (const r of last) expect(unwrap(r).value).toBe(5);
    expect(last.filter((r) => !unwrap(r).duplicate)).toHaveLength(1);
    expect(await gauge('full')).toBe(5);
  });

  it('a refused increment keeps nothing: its key works once there is room', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false });
    // The free plan allows one agent.
    unwrap(await incrementGauge(deps, { customer: 'free', feature: 'agents', idempotencyKey: 'first' }));
    const refused = await incrementGauge(deps, { customer: 'free', feature: 'agents', idempotencyKey: 'second' });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'limit_reached', param: 'amount' });
    expect(await claims()).toBe(1);
    unwrap(await decrementGauge(deps, { customer: 'free', feature: 'agents' }));
    expect(unwrap(await incrementGauge(deps, { customer: 'free', feature: 'agents', idempotencyKey: 'second' }))).toMatchObject({
      value: 1,
      duplicate: false,
    });
  });

  it('a key reused for another feature or step is a conflict; a bad key names the field; neither writes', async () => {
    const plans = usageTestConfig.plans;
    const config = {
      ...usageTestConfig,
      features: { ...usageTestConfig.features, seats: { type: 'gauge' as const } },
      plans: { ...plans, pro: { ...plans.pro, features: { ...plans.pro.features, seats: 10 } } },
    };
    deps = await createTestDeps({ config, stripe: false });
    unwrap(await incrementGauge(deps, { customer: 'k', feature: 'agents', subscription: pro, amount: 2, idempotencyKey: 'k1' }));
    for (const reuse of [{ amount: 3 }, { amount: 2, feature: 'seats' }]) {
      const r = await incrementGauge(deps, { customer: 'k', feature: 'agents', subscription: pro, idempotencyKey: 'k1', ...reuse });
      expect(!r.ok && r.error).toMatchObject({ code: 'idempotency_conflict', param: 'idempotencyKey' });
    }
    const down = await decrementGauge(deps, { customer: 'k', feature: 'agents', amount: 2, idempotencyKey: 'k1' });
    expect(!down.ok && down.error.code).toBe('idempotency_conflict');
    const empty = await incrementGauge(deps, { customer: 'k', feature: 'agents', subscription: pro, idempotencyKey: '' });
    expect(!empty.ok && empty.error).toMatchObject({ code: 'validation_failed', param: 'idempotencyKey' });
    expect(await gauge('k')).toBe(2);
    expect(await claims()).toBe(1);
  });
});

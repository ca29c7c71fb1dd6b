import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { check } from '../entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { seedCustomer } from '../ledger/fixtures.test-support.ts';
import { track } from '../ledger/track.ts';
import { getCreditBalance } from './balance.ts';
import { setSpendCap } from './set-spend-cap.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';

const PRO = { planKey: 'pro', status: 'active', periodStart: '2026-01-15T00:00:00Z', periodEnd: '2026-02-15T00:00:00Z' };

describe('spend caps per billing period', () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('refuses a debit past the credit cap with spend_cap_reached though the balance covers it; raising the cap lets it through; a new period starts from zero', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'capped', subscription: PRO });
    expect(unwrap(await getCreditBalance(deps, { customer: 'capped' }))).toMatchObject({ balance: 1000, cap: 5000, plan: 'pro' });
    expect(unwrap(await setSpendCap(deps, { customer: 'capped', scope: 'credits', cap: 60 }))).toEqual({
      customer: 'capped',
      scope: 'credits',
      cap: 60,
      source: 'customer',
    });
    unwrap(await consume(deps, { customer: 'capped', feature: 'agent_run', amount: 2 }));
    const refused = await consume(deps, { customer: 'capped', feature: 'agent_run' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'spend_cap_reached', param: 'amount', details: { credits: { balance: 950, spent: 50, cap: 60, cost: 25 } } },
    });
    expect(unwrap(await check(deps, { customer: 'capped', feature: 'agent_run' }))).toMatchObject({ allowed: false, code: 'spend_cap_reached' });
    expect(unwrap(await check(deps, { customer: 'capped', feature: 'messages', amount: 10 }))).toMatchObject({ allowed: true });
    unwrap(await setSpendCap(deps, { customer: 'capped', scope: 'credits', cap: 100 }));
    unwrap(await consume(deps, { customer: 'capped', feature: 'agent_run' }));
    // Back to the plan's default (5,000), then no cap at all.
    expect(unwrap(await setSpendCap(deps, { customer: 'capped', scope: 'credits', cap: null, usePlanDefault: true })).source).toBe('plan');
    expect(unwrap(await getCreditBalance(deps, { customer: 'capped' }))).toMatchObject({ spent: 75, cap: 5000 });
    unwrap(await setSpendCap(deps, { customer: 'capped', scope: 'credits', cap: null }));
    expect(unwrap(await getCreditBalance(deps, { customer: 'capped' })).cap).toBeNull();
    unwrap(await setSpendCap(deps, { customer: 'capped', scope: 'credits', cap: 30 }));
    expect(await consume(deps, { customer: 'capped', feature: 'agent_run' })).toMatchObject({ ok: false, error: { code: 'spend_cap_reached' } });
    // The next billing period (the mirror has not seen the renewal: the period rolls forward by its length).
    deps.clock.set('2026-02-15T00:00:01Z');
    unwrap(await consume(deps, { customer: 'capped', feature: 'agent_run' }));
    expect(unwrap(await getCreditBalance(deps, { customer: 'capped' }))).toMatchObject({ spent: 25, cap: 30, period: { start: '2026-02-15T00:00:00.000Z' } });
  });

  it('holds under concurrency: 20 concurrent debits of 25 against a cap of 100 -> exactly 4', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'race', subscription: PRO });
    unwrap(await setSpendCap(deps, { customer: 'race', scope: 'credits', cap: 100 }));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => consume(deps, { customer: 'race', feature: 'agent_run', idempotencyKey: `r${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(4);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'spend_cap_reached')).toBe(true);
  });

  it('caps metered overage in minor units: usage beyond the included amount is refused once what it bills would pass the cap', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'over', subscription: PRO });
    // Pro: exports, 10 included a month, then 50 (cents) each. A cap of $2.00 allows 4 beyond the 10.
    unwrap(await setSpendCap(deps, { customer: 'over', scope: 'overage', cap: 200 }));
    unwrap(await consume(deps, { customer: 'over', feature: 'exports', amount: 12 }));
    const concurrent = await Promise.all(Array.from({ length: 6 }, (_, i) => consume(deps, { customer: 'over', feature: 'exports', idempotencyKey: `e${i}` })));
    expect(concurrent.filter((r) => r.ok)).toHaveLength(2);
    expect(concurrent.find((r) => !r.ok)).toMatchObject({
      ok: false,
      error: { code: 'spend_cap_reached', details: { scope: 'overage', spent: 200, cap: 200 } },
    });
    // A retried key answers its original; track is never refused and counts toward the cap.
    expect(unwrap(await consume(deps, { customer: 'over', feature: 'exports', idempotencyKey: 'e0' })).event.duplicate).toBe(concurrent[0]?.ok ?? false);
    unwrap(await track(deps, { customer: 'over', feature: 'exports', amount: 3 }));
    const [counter] = await queryRows<{ used: string; billable: string }>(deps.db, sql`select used, billable from usage_counters where customer_id = 'over'`);
    expect({ used: Number(counter?.used), billable: Number(counter?.billable) }).toEqual({ used: 17, billable: 7 });
    unwrap(await setSpendCap(deps, { customer: 'over', scope: 'overage', cap: 400 }));
    unwrap(await consume(deps, { customer: 'over', feature: 'exports' }));
    expect(await consume(deps, { customer: 'over', feature: 'exports' })).toMatchObject({ ok: false, error: { code: 'spend_cap_reached' } });
  });

  it('refuses bad caps with an error naming the field, writing nothing', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    expect(await setSpendCap(deps, { customer: 'c', scope: 'credits', cap: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'cap' },
    });
    expect(await setSpendCap(deps, { customer: 'c', scope: 'credits', cap: 0.0000001 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'cap' },
    });
    expect(await setSpendCap(deps, { customer: 'c', scope: 'overage', cap: 1.5 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'cap' },
    });
    expect(await setSpendCap(deps, { customer: 'c', scope: 'gems', cap: 5 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'scope' },
    });
    const [row] = await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from spend_caps`);
    expect(Number(row?.n)).toBe(0);
  });
});

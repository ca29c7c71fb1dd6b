import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { seedCustomer, usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { track } from '../ledger/track.ts';
import { meterIdentifier } from './meter-event.ts';
import { planMeterReports } from './plan-reports.ts';

const period = { planKey: 'pro', status: 'active', periodStart: '2026-01-01T00:00:00Z', periodEnd: '2026-02-01T00:00:00Z' };

async function reports(deps: TestDeps) {
  return queryRows<{ identifier: string; seq: number; value: string; status: string; event_at: Date | string; event_name: string }>(
    deps.db,
    sql`select identifier, seq, value, status, event_at, event_name from meter_reports order by customer_id, window_key, seq`,
  );
}

describe(`planMeterReports (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('one report per customer x meter x window with a deterministic identifier, then deltas', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'acme', stripeCustomerId: 'cus_acme', subscription: period });
    for (let i = 0; i < 12; i++) unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 100 }));
    // A customer on a soft limit that never met Stripe is not billed.
    unwrap(await consume(deps, { customer: 'ghost', feature: 'tokens', amount: 5000, subscription: { planKey: 'pro', status: 'active' } }));
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    const first = await reports(deps);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ identifier: meterIdentifier('acme', 'tokens', 'day:2026-01-15', 0), status: 'pending', event_name: 'tollgate_tokens' });
    expect(Number(first[0]?.value)).toBe(200);
    // Nothing new: nothing planned. More usage in the same window: a delta with its own identifier.
    expect(await planMeterReports(deps)).toEqual({ planned: 0, expired: 0 });
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 30 }));
    deps.clock.set('2026-01-17T00:00:00Z');
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    const second = await reports(deps);
    expect(second.map((r) => [r.seq, Number(r.value)])).toEqual([
      [0, 200],
      [1, 30],
    ]);
    expect(second[1]?.identifier).toBe(meterIdentifier('acme', 'tokens', 'day:2026-01-15', 1));
    // The closed window's event sits at its last second.
    expect(new Date(second[1]!.event_at).toISOString()).toBe('2026-01-15T23:59:59.000Z');
  });

  it('waits for windows to close when told to; flags windows Stripe would refuse as too old', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'acme', subscription: period });
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 1500 }));
    expect(await planMeterReports(deps, { openWindowIntervalMs: Number.POSITIVE_INFINITY })).toEqual({ planned: 0, expired: 0 });
    // The ledger takes usage up to 35 days old (lib/input.ts); a window that is older than that when the reporter gets to it is flagged.
    expect((await track(deps, { customer: 'acme', feature: 'tokens', amount: 1100, timestamp: '2025-12-10T10:00:00Z' })).ok).toBe(false);
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 1100, timestamp: '2025-12-12T10:00:00Z' }));
    // The reporter gets to it two days later: the December window is now too old for Stripe, January's is closed.
    deps.clock.set('2026-01-17T12:00:00Z');
    expect(await planMeterReports(deps, { openWindowIntervalMs: Number.POSITIVE_INFINITY })).toEqual({ planned: 1, expired: 1 });
    expect((await reports(deps)).map((r) => [r.status, Number(r.value)])).toEqual([
      ['expired', 100],
      ['pending', 500],
    ]);
  });

  it('reports an open window at most once an interval, and the rest as soon as it closes', async () => {
    deps = await createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T00:10:00Z' });
    await seedCustomer(deps.db, { externalId: 'acme', stripeCustomerId: 'cus_acme', subscription: period });
    const hour = 3_600_000;
    const seen = async () => (await reports(deps)).map((r) => [r.seq, Number(r.value)]);
    // 1,200 tokens in the first minutes of the day: 200 billable, but the window opened less than an hour ago.
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 1200 }));
    expect(await planMeterReports(deps)).toEqual({ planned: 0, expired: 0 });
    // An hour after the window opened: the first report; usage every ten minutes after it waits an hour.
    deps.clock.set('2026-01-15T01:00:00Z');
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    for (let step = 0; step < 5; step++) {
      deps.clock.advance(10 * 60_000);
      unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 10 }));
      expect(await planMeterReports(deps)).toEqual({ planned: 0, expired: 0 });
    }
    deps.clock.set('2026-01-15T02:00:00Z');
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    expect(await seen()).toEqual([
      [0, 200],
      [1, 50],
    ]);
    // Late in the day: usage reported (its last report is hours old); more usage, and the window closes before an hour has passed: reported at once.
    deps.clock.set('2026-01-15T23:20:00Z');
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 7 }));
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    deps.clock.set('2026-01-15T23:40:00Z');
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 3 }));
    deps.clock.set('2026-01-15T23:59:59Z');
    expect(await planMeterReports(deps, { openWindowIntervalMs: hour })).toEqual({ planned: 0, expired: 0 });
    deps.clock.set('2026-01-16T00:00:00Z');
    expect(await planMeterReports(deps)).toEqual({ planned: 1, expired: 0 });
    expect(await seen()).toEqual([
      [0, 200],
      [1, 50],
      [2, 7],
      [3, 3],
    ]);
    // 0: every round reports what is new.
    unwrap(await track(deps, { customer: 'acme', feature: 'tokens', amount: 1001 }));
    expect(await planMeterReports(deps, { openWindowIntervalMs: 0 })).toEqual({ planned: 1, expired: 0 });
    await expect(planMeterReports(deps, { openWindowIntervalMs: -1 })).rejects.toThrow(/openWindowIntervalMs/);
  });
});

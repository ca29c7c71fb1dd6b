import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../core/config/types.ts';
import { usageCounters } from '../../core/db/schema/usage-counters.ts';
import { check } from '../../usage/entitlements/check.ts';
import { windowFor } from '../../usage/entitlements/windows.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../../usage/ledger/consume.ts';
import { ensureCounter } from '../../usage/ledger/ensure-counter.ts';
import { seedCustomer } from '../../usage/ledger/fixtures.test-support.ts';
import { track } from '../../usage/ledger/track.ts';
import { calendarWindowOf } from './align-counters.ts';
import { updateCustomer } from './update.ts';

const iso = (w: { start: Date; end: Date } | null) => w && [w.start.toISOString(), w.end.toISOString()];

describe('calendarWindowOf', () => {
  it("gives the window a key names in a zone, DST and far zones included, and null for what isn't one", () => {
    expect(iso(calendarWindowOf('day:2026-01-15', 'Europe/Paris'))).toEqual(['2026-01-14T23:00:00.000Z', '2026-01-15T23:00:00.000Z']);
    expect(iso(calendarWindowOf('day:2026-03-29', 'Europe/Paris'))).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect(iso(calendarWindowOf('day:2026-01-15', 'Pacific/Kiritimati'))).toEqual(['2026-01-14T10:00:00.000Z', '2026-01-15T10:00:00.000Z']);
    expect(iso(calendarWindowOf('day:2026-01-15', 'Etc/GMT+12'))).toEqual(['2026-01-15T12:00:00.000Z', '2026-01-16T12:00:00.000Z']);
    expect(iso(calendarWindowOf('week:2026-01-12', 'America/Los_Angeles'))).toEqual(['2026-01-12T08:00:00.000Z', '2026-01-19T08:00:00.000Z']);
    expect(iso(calendarWindowOf('month:2026-02', 'Asia/Tokyo'))).toEqual(['2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z']);
    expect(iso(calendarWindowOf('month:2026-02', 'UTC'))).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    for (const key of ['period:2026-01-03T10:00:00.000Z', 'day:2026-02-30', 'week:2026-01-13', 'month:2026-01-05', 'day:2026-01', 'hour:2026-01-01']) {
      expect(calendarWindowOf(key, 'Europe/Paris'), key).toBeNull();
    }
  });

  it('inverts windowFor for every reset, zone and instant tried', () => {
    const zones = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Kiritimati', 'Etc/GMT+12', 'Australia/Lord_Howe', 'America/St_Johns'];
    for (let ms = Date.UTC(2025, 11, 25); ms < Date.UTC(2027, 0, 10); ms += 13 * 3_600_000 + 17 * 60_000) {
      for (const zone of zones) {
        for (const reset of ['day', 'week', 'month'] as const) {
          const window = windowFor(reset, new Date(ms), zone);
          expect(calendarWindowOf(window.key, zone)).toEqual(window);
        }
      }
    }
  });
});

const config = defineConfig({
  currency: 'usd',
  features: {
    chats: { type: 'metered', reset: 'day', timeZone: 'customer' },
    runs: { type: 'metered', reset: 'billing_period', timeZone: 'customer' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { chats: 3, runs: 5 } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, features: { chats: 30, runs: 50 } },
  },
});

async function rows(deps: TestDeps, customer: string) {
  const found = await deps.db
    .select()
    .from(usageCounters)
    .where(eq(usageCounters.customerId, customer))
    .orderBy(usageCounters.feature, usageCounters.windowKey);
  return found.map((r) => [r.feature, r.windowKey, r.used, r.windowStart.toISOString(), r.windowEnd.toISOString()]);
}

describe(`alignCounters through updateCustomer (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it("a write that read the old zone just before the change finds the old zone's counter already aligned", async () => {
    deps = await createTestDeps({ config, stripe: false, now: '2026-01-15T22:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'r', timeZone: 'Europe/Paris' });
    for (let i = 0; i < 3; i++) unwrap(await consume(deps, { customer: 'r', feature: 'chats' })); // Jan 15 in Paris
    deps.clock.set('2026-01-15T23:30:00Z'); // Paris: 00:30 on Jan 16; Los Angeles: 15:30 on Jan 15
    const stale = windowFor('day', deps.clock.now(), 'Europe/Paris');
    unwrap(await updateCustomer(deps, { customer: 'r', timeZone: 'America/Los_Angeles' }));
    // The racing write: its counter insert, computed in Paris, after the change committed.
    await ensureCounter(deps.db, 'r', 'chats', stale, deps.clock.now());
    expect((await rows(deps, 'r')).filter((r) => r[0] === 'chats')).toEqual([
      ['chats', 'day:2026-01-15', 3, '2026-01-15T08:00:00.000Z', '2026-01-16T08:00:00.000Z'],
      ['chats', 'day:2026-01-16', 0, '2026-01-16T08:00:00.000Z', '2026-01-17T08:00:00.000Z'],
    ]);
    expect(unwrap(await check(deps, { customer: 'r', feature: 'chats' }))).toMatchObject({ allowed: false, used: 3 });
    expect((await consume(deps, { customer: 'r', feature: 'chats' })).ok).toBe(false);
  });

  it("leaves a subscription's billing-period counters alone and aligns a free customer's calendar months", async () => {
    deps = await createTestDeps({ config, stripe: false, now: '2026-01-20T12:00:00Z' });
    await seedCustomer(deps.db, {
      externalId: 'paying',
      subscription: { planKey: 'pro', status: 'active', periodStart: '2026-01-10T00:00:00Z', periodEnd: '2026-02-10T00:00:00Z' },
    });
    await seedCustomer(deps.db, { externalId: 'free' });
    unwrap(await track(deps, { customer: 'paying', feature: 'runs', amount: 4 }));
    unwrap(await track(deps, { customer: 'free', feature: 'runs', amount: 2 }));
    const paying = await rows(deps, 'paying');
    unwrap(await updateCustomer(deps, { customer: 'paying', timeZone: 'America/Los_Angeles' }));
    unwrap(await updateCustomer(deps, { customer: 'free', timeZone: 'America/Los_Angeles' }));
    expect((await rows(deps, 'paying')).filter((r) => r[0] === 'runs')).toEqual(paying);
    expect((await rows(deps, 'free')).filter((r) => r[0] === 'runs')).toEqual([
      ['runs', 'month:2026-01', 2, '2026-01-01T08:00:00.000Z', '2026-02-01T08:00:00.000Z'],
    ]);
    expect(unwrap(await check(deps, { customer: 'paying', feature: 'runs' }))).toMatchObject({ used: 4, resetsAt: '2026-02-10T00:00:00.000Z' });
    expect(unwrap(await check(deps, { customer: 'free', feature: 'runs' }))).toMatchObject({ used: 2, resetsAt: '2026-02-01T08:00:00.000Z' });
  });
});

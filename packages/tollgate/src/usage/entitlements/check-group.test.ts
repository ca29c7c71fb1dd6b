import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { setGauge } from '../ledger/set-gauge.ts';
import { seedCustomer, usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { track } from '../ledger/track.ts';
import { check, type CheckInput } from './check.ts';
import { readCheckState, readCheckStates } from './check-group.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const FEATURES = ['messages', 'leads', 'runs', 'tokens', 'agents', 'analytics', 'nope'];
const CUSTOMERS = ['ghost', 'free-tz', 'pro', 'due-grace', 'due-late', 'due-mid', 'gone', 'trial'];

async function seedAll(deps: TestDeps): Promise<void> {
  const sub = (planKey: string, status: string, periodStart: string) => ({ planKey, status, periodStart, periodEnd: '2026-02-28T00:00:00Z' });
  await seedCustomer(deps.db, { externalId: 'free-tz', timeZone: 'Asia/Tokyo' });
  await seedCustomer(deps.db, { externalId: 'pro', subscription: sub('pro', 'active', '2026-01-20T00:00:00Z') });
  await seedCustomer(deps.db, { externalId: 'due-grace', subscription: sub('pro', 'past_due', '2026-01-30T00:00:00Z') });
  await seedCustomer(deps.db, { externalId: 'due-late', subscription: sub('pro', 'past_due', '2026-01-10T00:00:00Z') });
  // Past due since mid-period: its grace counts from then, not from the period start (which is long past).
  await seedCustomer(deps.db, { externalId: 'due-mid', subscription: sub('pro', 'past_due', '2026-01-10T00:00:00Z') });
  await deps.db
    .update(subscriptions)
    .set({ pastDueSince: new Date('2026-01-30T00:00:00Z') })
    .where(eq(subscriptions.id, 'sub_due-mid'));
  await seedCustomer(deps.db, { externalId: 'gone', subscription: sub('pro', 'canceled', '2026-01-10T00:00:00Z') });
  await seedCustomer(deps.db, { externalId: 'trial', timeZone: 'America/Los_Angeles', subscription: sub('pro', 'trialing', '2026-01-25T00:00:00Z') });
  // Usage in yesterday's windows (UTC day, customer month) and in today's.
  deps.clock.set('2026-01-30T12:00:00Z');
  for (const customer of CUSTOMERS) {
    unwrap(await track(deps, { customer, feature: 'messages', amount: 40 }));
    unwrap(await track(deps, { customer, feature: 'leads', amount: 9 }));
  }
  deps.clock.set('2026-01-31T23:30:00Z');
  for (const [i, customer] of CUSTOMERS.entries()) {
    unwrap(await track(deps, { customer, feature: 'messages', amount: 10 * i + 1 }));
    unwrap(await track(deps, { customer, feature: 'tokens', amount: 300 * i + 1 }));
    unwrap(await track(deps, { customer, feature: 'runs', amount: i + 1 }));
    unwrap(await setGauge(deps, { customer, feature: 'agents', amount: i % 3 }));
  }
}

function inputs(): CheckInput[] {
  const out: CheckInput[] = [];
  for (const customer of CUSTOMERS) {
    for (const feature of FEATURES) {
      for (const amount of [0, 1, 3, 60]) out.push({ customer, feature, amount });
    }
  }
  // Overrides and repeats ride in the same group.
  out.push({ customer: 'ghost', feature: 'analytics', subscription: { planKey: 'pro', status: 'active' } });
  out.push({ customer: 'pro', feature: 'messages', subscription: null });
  out.push({ customer: 'pro', feature: 'messages', amount: 2 });
  return out;
}

describe(`concurrent checks share one statement (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config: usageTestConfig, stripe: false }));

  it('each of many concurrent checks answers exactly as the same check run alone', async () => {
    await seedAll(deps);
    const all = inputs();
    const alone: Awaited<ReturnType<typeof check>>[] = [];
    for (const input of all) alone.push(await check(deps, input));
    // The answers span every outcome, so a mixed-up group would show.
    const codes = new Set(alone.map((r) => (r.ok ? (r.value.code ?? (r.value.unlimited ? 'unlimited' : 'allowed')) : r.error.code)));
    expect([...codes].sort()).toEqual(['allowed', 'feature_not_found', 'feature_not_in_plan', 'limit_reached', 'subscription_inactive', 'unlimited']);
    const analytics = (customer: string) => alone[all.findIndex((i) => i.customer === customer && i.feature === 'analytics')];
    expect(analytics('due-mid')).toMatchObject({ ok: true, value: { allowed: true, plan: 'pro' } });
    expect(analytics('due-late')).toMatchObject({ ok: true, value: { allowed: false, code: 'subscription_inactive' } });
    const used = new Set(alone.map((r) => r.ok && r.value.used));
    expect(used.size).toBeGreaterThan(8);
    // All at once, and shuffled into a different arrival order.
    expect(await Promise.all(all.map((input) => check(deps, input)))).toEqual(alone);
    const order = all.map((_, i) => (i * 37) % all.length);
    const shuffled = await Promise.all(order.map((i) => check(deps, all[i] as CheckInput)));
    expect(shuffled).toEqual(order.map((i) => alone[i]));
  });

  it('a customer id Postgres refuses in jsonb (NUL, lone surrogate) reads alone and never fails its neighbours', async () => {
    await seedAll(deps);
    const all: CheckInput[] = [];
    for (const customer of ['pro', 'nul\u0000id', 'free-tz', 'lone\ud800', 'emoji\u{1F600}', 'trial']) {
      for (const feature of ['messages', 'analytics']) all.push({ customer, feature });
    }
    const settle = async (input: CheckInput) => {
      try {
        return await check(deps, input);
      } catch {
        return 'threw';
      }
    };
    const alone = [];
    for (const input of all) alone.push(await settle(input));
    const together = await Promise.all(all.map(settle));
    expect(together).toEqual(alone);
    expect(together.filter((r) => r !== 'threw').length).toBeGreaterThanOrEqual(8);
  });

  it('a group reads each element at its own instant, customer and feature', async () => {
    await seedAll(deps);
    const keys: { customer: string; feature: string; at: string }[] = [];
    for (const at of ['2026-01-30T18:00:00Z', '2026-01-31T23:59:00Z', '2026-01-29T00:00:00Z']) {
      for (const customer of [...CUSTOMERS, 'never-seen']) {
        for (const feature of ['messages', 'leads', 'agents', 'analytics']) keys.push({ customer, feature, at });
      }
    }
    const alone: Awaited<ReturnType<typeof readCheckState>>[] = [];
    for (const key of keys) alone.push(await readCheckState(deps.db, key));
    const grouped = (await readCheckStates(deps.db, keys)).map((row) => {
      if (!row) return row;
      const { o: _o, ...rest } = row as typeof row & { o?: number };
      return rest;
    });
    expect(grouped).toEqual(alone);
    // Yesterday's window is read at yesterday's instant, today's at today's, none before any usage.
    const at = (customer: string, feature: string, when: string) =>
      grouped[keys.findIndex((k) => k.customer === customer && k.feature === feature && k.at === when)];
    expect(Number(at('pro', 'messages', '2026-01-30T18:00:00Z')?.used)).toBe(40);
    expect(Number(at('pro', 'messages', '2026-01-31T23:59:00Z')?.used)).toBe(21);
    expect(at('pro', 'messages', '2026-01-29T00:00:00Z')?.window_key).toBeNull();
    expect(at('never-seen', 'messages', '2026-01-31T23:59:00Z')?.status).toBeNull();
    expect(new Date(at('due-mid', 'analytics', '2026-01-31T23:59:00Z')?.past_due_since ?? 0)).toEqual(new Date('2026-01-30T00:00:00Z'));
    expect(at('due-late', 'analytics', '2026-01-31T23:59:00Z')?.past_due_since).toBeNull();
  });
});

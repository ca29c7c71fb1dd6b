import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { usageCounters } from '../../core/db/schema/usage-counters.ts';
import { usageEvents } from '../../core/db/schema/usage-events.ts';
import { check } from '../../usage/entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { testDriver } from '../../testing/db.ts';
import { consume } from '../../usage/ledger/consume.ts';
import { seedCustomer } from '../../usage/ledger/fixtures.test-support.ts';
import { track } from '../../usage/ledger/track.ts';
import { zonedConfig } from './fixtures.test-support.ts';
import { updateCustomer } from './update.ts';

async function counterRows(deps: TestDeps, customer: string) {
  const rows = await deps.db.select().from(usageCounters).where(eq(usageCounters.customerId, customer)).orderBy(usageCounters.feature, usageCounters.windowKey);
  return rows.map((r) => ({ feature: r.feature, key: r.windowKey, used: r.used, start: r.windowStart.toISOString(), end: r.windowEnd.toISOString() }));
}

describe(`updateCustomer (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it("sets a known customer's time zone and answers the one before", async () => {
    deps = await createTestDeps({ config: zonedConfig, stripe: false });
    await seedCustomer(deps.db, { externalId: 'org_1' });
    const first = unwrap(await updateCustomer(deps, { customer: 'org_1', timeZone: 'Europe/Paris' }));
    expect(first).toMatchObject({ previousTimeZone: null, customer: { externalId: 'org_1', timeZone: 'Europe/Paris', stripeCustomerId: 'cus_org_1' } });
    deps.clock.advance(1000);
    const second = unwrap(await updateCustomer(deps, { customer: 'org_1', timeZone: 'UTC' }));
    expect(second).toMatchObject({ previousTimeZone: 'Europe/Paris', customer: { timeZone: 'UTC', updatedAt: deps.clock.now() } });
    const [row] = await deps.db.select().from(customers).where(eq(customers.externalId, 'org_1'));
    expect(row?.timeZone).toBe('UTC');
  });

  it('refuses a bad zone or customer naming the field, and writes nothing', async () => {
    deps = await createTestDeps({ config: zonedConfig, stripe: false });
    await seedCustomer(deps.db, { externalId: 'org_1', timeZone: 'Asia/Tokyo' });
    await seedCustomer(deps.db, { externalId: 'gone' });
    await deps.db.update(customers).set({ deleted: true }).where(eq(customers.externalId, 'gone'));
    unwrap(await track(deps, { customer: 'org_1', feature: 'chats', amount: 2 }));
    const before = { customers: await deps.db.select().from(customers), counters: await counterRows(deps, 'org_1') };
    const cases = [
      [{ customer: 'org_1', timeZone: 'Mars/Olympus' }, 'validation_failed', 'timeZone'],
      [{ customer: 'org_1', timeZone: '' }, 'validation_failed', 'timeZone'],
      [{ customer: 'org_1', timeZone: ' Europe/Paris' }, 'validation_failed', 'timeZone'],
      [{ customer: 'org_1', timeZone: '+01:00' }, 'validation_failed', 'timeZone'],
      [{ customer: 'org_1', timeZone: 42 }, 'validation_failed', 'timeZone'],
      [{ customer: 'org_1' }, 'validation_failed', 'timeZone'],
      [{ customer: '', timeZone: 'Europe/Paris' }, 'validation_failed', 'customer'],
      [{ customer: 'nobody', timeZone: 'Europe/Paris' }, 'customer_not_found', 'customer'],
      [{ customer: 'gone', timeZone: 'Europe/Paris' }, 'customer_not_found', 'customer'],
    ] as const;
    for (const [input, code, param] of cases) {
      const result = await updateCustomer(deps, input as never);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error, JSON.stringify(input)).toMatchObject({ code, param });
    }
    expect(await deps.db.select().from(customers)).toEqual(before.customers);
    expect(await counterRows(deps, 'org_1')).toEqual(before.counters);
  });

  it("check and consume start again at the customer's local midnight once the zone is set", async () => {
    deps = await createTestDeps({ config: zonedConfig, stripe: false, now: '2026-01-15T12:00:00Z' });
    await seedCustomer(deps.db, { externalId: 'ada' });
    unwrap(await updateCustomer(deps, { customer: 'ada', timeZone: 'America/Los_Angeles' }));
    // 12:00 UTC is 04:00 on Jan 15 in Los Angeles (UTC-8): that day ends at 08:00 UTC on Jan 16.
    for (let i = 0; i < 3; i++) unwrap(await consume(deps, { customer: 'ada', feature: 'chats' }));
    const refused = await consume(deps, { customer: 'ada', feature: 'chats' });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'limit_reached', details: { used: 3, resetsAt: '2026-01-16T08:00:00.000Z' } });
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'chats' }))).toMatchObject({ allowed: false, used: 3, resetsAt: '2026-01-16T08:00:00.000Z' });
    unwrap(await consume(deps, { customer: 'ada', feature: 'exports', amount: 5 }));

    // UTC midnight resets the UTC feature, not the customer's.
    deps.clock.set('2026-01-16T00:00:00Z');
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'exports' }))).toMatchObject({ allowed: true, used: 0 });
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'chats' }))).toMatchObject({ allowed: false, used: 3 });
    deps.clock.set('2026-01-16T07:59:59.999Z');
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'chats' })).allowed).toBe(false);
    expect((await consume(deps, { customer: 'ada', feature: 'chats' })).ok).toBe(false);

    // Local midnight.
    deps.clock.advance(1);
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'chats' }))).toMatchObject({
      allowed: true,
      used: 0,
      remaining: 3,
      resetsAt: '2026-01-17T08:00:00.000Z',
    });
    expect(unwrap(await consume(deps, { customer: 'ada', feature: 'chats' }))).toMatchObject({ used: 1, event: { windowKey: 'day:2026-01-16' } });
    expect(unwrap(await check(deps, { customer: 'ada', feature: 'chats' }))).toMatchObject({ used: 1, remaining: 2 });
  });

  it('flipping zones back and forth never opens a second allowance for a date, loses no usage, and check agrees with consume', async () => {
    // 23:30 UTC on Jan 15: 15:30 on Jan 15 in Los Angeles, 00:30 on Jan 16 in Paris.
    deps = await createTestDeps({ config: zonedConfig, stripe: false, now: '2026-01-15T23:30:00Z' });
    await seedCustomer(deps.db, { externalId: 'flip' });
    let granted = 0;
    /** Consumes until refused; check must have said exactly what consume then did. */
    const spend = async () => {
      for (;;) {
        const said = unwrap(await check(deps, { customer: 'flip', feature: 'chats' }));
        const did = await consume(deps, { customer: 'flip', feature: 'chats' });
        expect(did.ok).toBe(said.allowed);
        if (!did.ok) return said;
        granted += 1;
        deps.clock.advance(1000);
      }
    };
    const setZone = async (timeZone: string) => unwrap(await updateCustomer(deps, { customer: 'flip', timeZone }));

    await setZone('America/Los_Angeles');
    expect(await spend()).toMatchObject({ used: 3, resetsAt: '2026-01-16T08:00:00.000Z' }); // Jan 15 spent
    await setZone('Europe/Paris'); // it is Jan 16 in Paris: that date's allowance, once
    unwrap(await consume(deps, { customer: 'flip', feature: 'chats', amount: 2 }));
    granted += 2;
    for (let round = 0; round < 3; round++) {
      await setZone('America/Los_Angeles'); // back on Jan 15, spent: nothing new
      expect(await spend()).toMatchObject({ used: 3, remaining: 0 });
      await setZone('Europe/Paris'); // Jan 16 again, with the usage it had
      expect(await spend()).toMatchObject({ used: 3, remaining: 0, resetsAt: '2026-01-16T23:00:00.000Z' });
    }
    expect(granted).toBe(6); // two dates, three each

    // Settled in Los Angeles: Jan 16 comes at its midnight already spent; Jan 17 is new.
    await setZone('America/Los_Angeles');
    deps.clock.set('2026-01-16T08:00:00Z');
    expect(await spend()).toMatchObject({ used: 3, resetsAt: '2026-01-17T08:00:00.000Z' });
    expect(granted).toBe(6);
    deps.clock.set('2026-01-17T08:00:00Z');
    expect(await spend()).toMatchObject({ used: 3 });
    expect(granted).toBe(9);

    // Every unit is on its date's counter, which carries the Los Angeles bounds.
    const ledger = await deps.db
      .select({ key: usageEvents.windowKey, total: sql<string>`sum(${usageEvents.amount})` })
      .from(usageEvents)
      .where(eq(usageEvents.customerId, 'flip'))
      .groupBy(usageEvents.windowKey)
      .orderBy(usageEvents.windowKey);
    const rows = (await counterRows(deps, 'flip')).filter((r) => r.feature === 'chats');
    expect(ledger.map((l) => [l.key, Number(l.total)])).toEqual(rows.map((r) => [r.key, r.used]));
    expect(rows).toEqual([
      { feature: 'chats', key: 'day:2026-01-15', used: 3, start: '2026-01-15T08:00:00.000Z', end: '2026-01-16T08:00:00.000Z' },
      { feature: 'chats', key: 'day:2026-01-16', used: 3, start: '2026-01-16T08:00:00.000Z', end: '2026-01-17T08:00:00.000Z' },
      { feature: 'chats', key: 'day:2026-01-17', used: 3, start: '2026-01-17T08:00:00.000Z', end: '2026-01-18T08:00:00.000Z' },
    ]);
  });
});

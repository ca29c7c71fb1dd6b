import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { usageCounters } from '../../core/db/schema/usage-counters.ts';
import { check } from '../../usage/entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { findCustomer } from './find.ts';
import { track } from '../../usage/ledger/track.ts';
import { getOrCreateCustomer } from './get-or-create.ts';
import { zonedConfig } from './fixtures.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('getOrCreateCustomer', () => {
  const deps = perTest(createTestDeps);

  it('creates exactly one Stripe customer for 20 concurrent calls with one external id', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        getOrCreateCustomer(deps, { externalId: 'user_42', email: `u${i}@example.com`, name: 'Ada', metadata: { tenant: 't1' } }),
      ),
    );
    const ids = new Set(results.map((r) => unwrap(r).customer.stripeCustomerId));
    expect(ids.size).toBe(1);
    const [stripeId] = [...ids];
    const inStripe = await deps.stripe.customers.list({ limit: 100 });
    expect(inStripe.data.map((c) => c.id)).toEqual([stripeId]);
    // The first caller's details win; the link is in Stripe's metadata.
    expect(inStripe.data[0]?.metadata).toMatchObject({ tollgate_external_id: 'user_42', tenant: 't1' });
    expect(inStripe.data[0]?.email).toMatch(/^u\d+@example\.com$/);
    const rows = await deps.db.select().from(customers).where(eq(customers.externalId, 'user_42'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stripeCustomerId: stripeId, name: 'Ada' });
    expect(unwrap(await findCustomer(deps, 'user_42')).stripeCustomerId).toBe(stripeId);
  });

  it('returns the existing customer on later calls without creating another', async () => {
    const first = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_1', email: 'billing@acme.test' }));
    expect(first.created).toBe(true);
    const second = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_1' }));
    expect(second).toMatchObject({ created: false, customer: { id: first.customer.id, stripeCustomerId: first.customer.stripeCustomerId } });
    const other = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_2' }));
    expect(other.customer.stripeCustomerId).not.toBe(first.customer.stripeCustomerId);
    expect((await deps.stripe.customers.list()).data).toHaveLength(2);
  });

  it('finds the Stripe customer an interrupted call created before making another', async () => {
    // A crash after Stripe created the customer but before the mirror recorded it, two hours ago.
    const twoHoursAgo = new Date(deps.clock.now().getTime() - 2 * 3600_000);
    await deps.db.insert(customers).values({ id: 'cust_crashed', externalId: "o'brien", createdAt: twoHoursAgo, updatedAt: twoHoursAgo });
    const orphan = await deps.stripe.customers.create({ metadata: { tollgate_external_id: "o'brien" } });
    const found = unwrap(await getOrCreateCustomer(deps, { externalId: "o'brien" }));
    expect(found.customer).toMatchObject({ id: 'cust_crashed', stripeCustomerId: orphan.id });
    expect((await deps.stripe.customers.list()).data).toHaveLength(1);
  });

  it('rejects bad input naming the field and writes nothing', async () => {
    const cases = [
      [{ externalId: '' }, 'externalId'],
      [{ externalId: 'u', email: 'not-an-email' }, 'email'],
      [{ externalId: 'u', metadata: { tollgate_external_id: 'x' } }, 'metadata.tollgate_external_id'],
      [{ externalId: 'u', metadata: { n: 5 } }, 'metadata.n'],
      [{ externalId: 'u', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ externalId: 'u', timeZone: 'europe paris' }, 'timeZone'],
      [{ externalId: 'u\u0000' }, 'externalId'],
      [{ externalId: 'u\ud800' }, 'externalId'],
      [{ externalId: 'u', name: 'a\u0000' }, 'name'],
      [{ externalId: 'u', metadata: { k: 'v\udc00' } }, 'metadata.k'],
      [{ externalId: 'u', email: 'a\u0000@b.example' }, 'email'],
    ] as const;
    for (const [input, param] of cases) {
      const result = await getOrCreateCustomer(deps, input as never);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'validation_failed', param });
    }
    expect(await deps.db.select().from(customers)).toEqual([]);
    expect((await deps.stripe.customers.list()).data).toEqual([]);
    expect(await findCustomer(deps, 'u')).toMatchObject({ ok: false, error: { code: 'customer_not_found', param: 'customer' } });
  });

  it('leaves no reserved row behind when Stripe refuses the customer, so a later call starts clean', async () => {
    await expect(getOrCreateCustomer(deps, { externalId: 'refused', testClock: 'clock_missing' })).rejects.toMatchObject({ statusCode: 404 });
    expect(await deps.db.select().from(customers)).toEqual([]);
    expect(unwrap(await getOrCreateCustomer(deps, { externalId: 'refused' })).created).toBe(true);
  });
});

describe('getOrCreateCustomer in a time zone', () => {
  const deps = perTest(() => createTestDeps({ config: zonedConfig, now: '2026-01-16T02:00:00Z' }));

  it('creates the customer in a time zone, which a later call does not change, and aligns the usage counted before in UTC', async () => {
    // Counted before the customer existed, so in UTC: Jan 16.
    unwrap(await track(deps, { customer: 'org_la', feature: 'chats', amount: 2 }));
    const created = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_la', timeZone: 'America/Los_Angeles' }));
    expect(created).toMatchObject({ created: true, customer: { timeZone: 'America/Los_Angeles' } });
    const again = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_la', timeZone: 'Asia/Tokyo' }));
    expect(again).toMatchObject({ created: false, customer: { timeZone: 'America/Los_Angeles' } });
    // 02:00 UTC on Jan 16 is 18:00 on Jan 15 in Los Angeles: Jan 15, fresh; Jan 16's counter keeps its 2, in Los Angeles bounds.
    expect(unwrap(await check(deps, { customer: 'org_la', feature: 'chats' }))).toMatchObject({ used: 0, resetsAt: '2026-01-16T08:00:00.000Z' });
    const counters = await deps.db.select().from(usageCounters).where(eq(usageCounters.customerId, 'org_la'));
    expect(counters.map((c) => [c.feature, c.windowKey, c.used, c.windowStart.toISOString()]).sort()).toEqual([
      ['chats', 'day:2026-01-16', 2, '2026-01-16T08:00:00.000Z'],
      ['reports', 'month:2026-01', 0, '2026-01-01T08:00:00.000Z'],
    ]);
    deps.clock.set('2026-01-16T08:00:00Z');
    expect(unwrap(await check(deps, { customer: 'org_la', feature: 'chats' }))).toMatchObject({ used: 2, remaining: 1 });
  });
});

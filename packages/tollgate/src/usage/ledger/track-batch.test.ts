import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import type { TrackInput } from './event.ts';
import { usageTestConfig } from './fixtures.test-support.ts';
import { trackBatch } from './track-batch.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

interface LedgerRow extends Record<string, unknown> {
  customer_id: string;
  idempotency_key: string;
  amount: string | number;
  occurred_at: Date | string;
  window_key: string;
  properties: Record<string, unknown> | string | null;
}

async function ledger(deps: TestDeps): Promise<LedgerRow[]> {
  return queryRows<LedgerRow>(
    deps.db,
    sql`select customer_id, idempotency_key, amount, occurred_at, window_key, properties from usage_events order by customer_id, idempotency_key`,
  );
}

async function used(deps: TestDeps): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; window_key: string; used: string }>(
    deps.db,
    sql`select customer_id, window_key, used from usage_counters`,
  );
  return new Map(rows.map((r) => [`${r.customer_id}|${r.window_key}`, Number(r.used)]));
}

describe(`trackBatch ledger writes (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-01-15T12:00:00Z' }));

  it('stores awkward customer ids, keys, timestamps and properties exactly, and a resend returns the originals', async () => {
    const awkward = ['say "hi"', 'back\\slash', 'a,b', '{braces}', 'NULL', 'spaced out', 'é漢字🙂', "it's"];
    const events: TrackInput[] = [];
    for (let i = 0; i < 400; i++) {
      const name = awkward[i % awkward.length]!;
      events.push({
        customer: `${name}-${i % 3}`,
        feature: i % 5 === 0 ? 'tokens' : 'messages',
        amount: (i % 7) + 1,
        idempotencyKey: `${name}#${i}`,
        // Alternating days: two windows per customer and feature, interleaved.
        ...(i % 2 === 0 ? { timestamp: '2026-01-14T08:00:00.123Z' } : {}),
        ...(i % 9 === 0 ? { properties: { model: name, n: i } } : {}),
      });
    }
    const first = unwrap(await trackBatch(deps, events));
    expect(first).toMatchObject({ recorded: 400, duplicates: 0 });
    const rows = await ledger(deps);
    expect(rows).toHaveLength(400);
    const byKey = new Map(rows.map((r) => [`${r.customer_id}|${r.idempotency_key}`, r]));
    const expectedUse = new Map<string, number>();
    events.forEach((e, i) => {
      const row = byKey.get(`${e.customer}|${e.idempotencyKey}`);
      expect(row, `event ${i}`).toBeDefined();
      const windowKey = i % 2 === 0 ? 'day:2026-01-14' : 'day:2026-01-15';
      const props = typeof row!.properties === 'string' ? (JSON.parse(row!.properties) as unknown) : row!.properties;
      expect([Number(row!.amount), new Date(row!.occurred_at).toISOString(), row!.window_key, props]).toEqual([
        e.amount,
        i % 2 === 0 ? '2026-01-14T08:00:00.123Z' : '2026-01-15T12:00:00.000Z',
        windowKey,
        e.properties ?? null,
      ]);
      expect(first.events[i]).toMatchObject({ customer: e.customer, idempotencyKey: e.idempotencyKey, windowKey, duplicate: false });
      const k = `${e.customer}|${windowKey}`;
      expectedUse.set(k, (expectedUse.get(k) ?? 0) + (e.amount ?? 1));
    });
    // Counters: both features of a customer and window summed, against the inputs.
    const perFeature = await queryRows<{ customer_id: string; feature: string; window_key: string; used: string }>(
      deps.db,
      sql`select customer_id, feature, window_key, used from usage_counters`,
    );
    const summed = new Map<string, number>();
    for (const r of perFeature) summed.set(`${r.customer_id}|${r.window_key}`, (summed.get(`${r.customer_id}|${r.window_key}`) ?? 0) + Number(r.used));
    expect(summed).toEqual(expectedUse);
    // A resend, later and with other timestamps: every event is the original record.
    const countersBefore = await used(deps);
    deps.clock.advance(3_600_000);
    const again = unwrap(
      await trackBatch(
        deps,
        events.map((e) => ({ ...e, timestamp: undefined })),
      ),
    );
    expect(again).toMatchObject({ recorded: 0, duplicates: 400 });
    again.events.forEach((e, i) => expect(e).toEqual({ ...first.events[i], duplicate: true }));
    expect(await used(deps)).toEqual(countersBefore);
    expect(await deps.db.$count(sql`usage_events`)).toBe(400);
  });

  it('concurrent batches sharing keys record each key once and count it once', async () => {
    const shared = Array.from({ length: 300 }, (_, i) => ({ customer: `c${i % 6}`, feature: 'messages', amount: 2, idempotencyKey: `shared-${i}` }));
    const batches = Array.from({ length: 4 }, (_, b) => [
      // Each batch sends the shared keys in its own order, plus keys of its own.
      ...(b % 2 === 0 ? shared : [...shared].reverse()),
      ...Array.from({ length: 100 }, (_, i) => ({ customer: `c${i % 6}`, feature: 'messages', amount: 1, idempotencyKey: `own-${b}-${i}` })),
    ]);
    const results = (await Promise.all(batches.map((events) => trackBatch(deps, events)))).map(unwrap);
    expect(results.reduce((n, r) => n + r.recorded, 0)).toBe(300 + 4 * 100);
    const ids = new Map<string, string>();
    for (const r of results) {
      for (const e of r.events) {
        const seen = ids.get(e.idempotencyKey);
        if (seen) expect(e.id).toBe(seen);
        else ids.set(e.idempotencyKey, e.id);
      }
    }
    const recordedShared = results.flatMap((r) => r.events.filter((e) => e.idempotencyKey.startsWith('shared-') && !e.duplicate));
    expect(recordedShared).toHaveLength(300);
    expect(await deps.db.$count(sql`usage_events`)).toBe(700);
    const [total] = await queryRows<{ sum: string }>(deps.db, sql`select sum(used) as sum from usage_counters`);
    expect(Number(total?.sum)).toBe(300 * 2 + 400);
  });

  it('after a run of batches without repeats, a batch holding old keys still returns their originals and counts only the new', async () => {
    const batch = (b: number) =>
      Array.from({ length: 20 }, (_, i) => ({ customer: `c${i % 4}`, feature: 'messages', amount: 3, idempotencyKey: `b${b}-${i}` }));
    const firsts = [];
    for (let b = 0; b < 12; b++) firsts.push(unwrap(await trackBatch(deps, batch(b))));
    // Half old keys (from batch 0 and batch 11), half new.
    const mixed = [...batch(0).slice(0, 5), ...batch(12), ...batch(11).slice(15)];
    const result = unwrap(await trackBatch(deps, mixed));
    expect(result).toMatchObject({ recorded: 20, duplicates: 10 });
    expect(result.events.slice(0, 5)).toEqual(firsts[0]!.events.slice(0, 5).map((e) => ({ ...e, duplicate: true })));
    expect(result.events.slice(25)).toEqual(firsts[11]!.events.slice(15).map((e) => ({ ...e, duplicate: true })));
    expect(result.events.slice(5, 25).every((e) => !e.duplicate)).toBe(true);
    expect(await deps.db.$count(sql`usage_events`)).toBe(13 * 20);
    const [total] = await queryRows<{ sum: string }>(deps.db, sql`select sum(used) as sum from usage_counters`);
    expect(Number(total?.sum)).toBe(13 * 20 * 3);
    // And the next batch of only new keys is written as usual.
    expect(unwrap(await trackBatch(deps, batch(13)))).toMatchObject({ recorded: 20, duplicates: 0 });
  });
});

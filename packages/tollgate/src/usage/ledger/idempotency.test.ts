import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from './consume.ts';
import { jsonEqual } from './idempotency.ts';
import { usageTestConfig } from './fixtures.test-support.ts';
import { track } from './track.ts';
import { trackBatch } from './track-batch.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

async function ledger(deps: TestDeps) {
  const [events] = await queryRows<{ n: number | string }>(deps.db, sql`select count(*)::int as n from usage_events`);
  const [used] = await queryRows<{ n: number | string | null }>(deps.db, sql`select coalesce(sum(used), 0)::int as n from usage_counters`);
  return { events: Number(events?.n), used: Number(used?.n) };
}

describe(`a reused idempotency key with another body is 409 idempotency_conflict, nothing written (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config: usageTestConfig, stripe: false, now: '2026-03-31T23:00:00Z' }));

  it('track: another feature, amount or properties conflicts; another timestamp or key order does not', async () => {
    const event = { customer: 'a', feature: 'messages', amount: 3, idempotencyKey: 'k', properties: { model: 'x', n: { a: 1, b: [1, 2] } } };
    const first = unwrap(await track(deps, event));
    const before = await ledger(deps);
    for (const other of [
      { feature: 'tokens', amount: 3, properties: { model: 'x', n: { a: 1, b: [1, 2] } } },
      { feature: 'messages', amount: 4, properties: { model: 'x', n: { a: 1, b: [1, 2] } } },
      { feature: 'messages', amount: 3, properties: { model: 'y', n: { a: 1, b: [1, 2] } } },
      { feature: 'messages', amount: 3 },
    ]) {
      const refused = await track(deps, { customer: 'a', idempotencyKey: 'k', ...other });
      expect(!refused.ok && refused.error, JSON.stringify(other)).toMatchObject({ code: 'idempotency_conflict', param: 'idempotencyKey' });
    }
    expect(await ledger(deps)).toEqual(before);
    // A retry stamped with its own time, properties in another key order: the original.
    const retry = unwrap(await track(deps, { ...event, timestamp: '2026-03-31T22:00:00Z', properties: { n: { b: [1, 2], a: 1 }, model: 'x' } }));
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await ledger(deps)).toEqual(before);
  });

  it('concurrent single tracks: a conflicting key refuses its own call only', async () => {
    const results = await Promise.all([
      track(deps, { customer: 'a', feature: 'messages', amount: 1, idempotencyKey: 'same' }),
      track(deps, { customer: 'a', feature: 'messages', amount: 2, idempotencyKey: 'same' }),
      ...Array.from({ length: 20 }, (_, i) => track(deps, { customer: 'a', feature: 'messages', amount: 1, idempotencyKey: `own-${i}` })),
    ]);
    const refused = results.filter((r) => !r.ok);
    expect(refused.map((r) => !r.ok && r.error.code)).toEqual(['idempotency_conflict']);
    expect(await ledger(deps)).toMatchObject({ events: 21 });
  });

  it('trackBatch: a key that recorded other usage (before, or earlier in the batch) refuses the whole batch, naming the event', async () => {
    unwrap(await track(deps, { customer: 'a', feature: 'messages', amount: 3, idempotencyKey: 'old' }));
    const before = await ledger(deps);
    const fresh = Array.from({ length: 30 }, (_, i) => ({ customer: `c${i % 3}`, feature: 'messages', amount: 1, idempotencyKey: `n${i}` }));
    const againstLedger = await trackBatch(deps, [...fresh, { customer: 'a', feature: 'messages', amount: 4, idempotencyKey: 'old' }]);
    expect(!againstLedger.ok && againstLedger.error).toMatchObject({ code: 'idempotency_conflict', param: 'events[30].idempotencyKey' });
    const inBatch = await trackBatch(deps, [...fresh, { customer: 'c0', feature: 'tokens', amount: 1, idempotencyKey: 'n0' }]);
    expect(!inBatch.ok && inBatch.error).toMatchObject({ code: 'idempotency_conflict', param: 'events[30].idempotencyKey' });
    expect(await ledger(deps)).toEqual(before);
    // The same batch with the repeat sent as it was first recorded: written, the repeat answered as the original.
    const ok = unwrap(await trackBatch(deps, [...fresh, { customer: 'a', feature: 'messages', amount: 3, idempotencyKey: 'old' }]));
    expect(ok).toMatchObject({ recorded: 30, duplicates: 1 });
    expect(await ledger(deps)).toEqual({ events: before.events + 30, used: before.used + 30 });
    // And a resend of it all is all duplicates.
    expect(unwrap(await trackBatch(deps, [...fresh]))).toMatchObject({ recorded: 0, duplicates: 30 });
  });

  it('consume: another feature or amount under a consumed key is refused; the same body answers the original', async () => {
    const first = unwrap(await consume(deps, { customer: 'a', feature: 'messages', amount: 2, idempotencyKey: 'c1' }));
    const before = await ledger(deps);
    const amount = await consume(deps, { customer: 'a', feature: 'messages', amount: 5, idempotencyKey: 'c1' });
    expect(!amount.ok && amount.error).toMatchObject({ code: 'idempotency_conflict', param: 'idempotencyKey' });
    unwrap(await track(deps, { customer: 'a', feature: 'tokens', amount: 1, idempotencyKey: 't1' }));
    const feature = await consume(deps, { customer: 'a', feature: 'messages', amount: 1, idempotencyKey: 't1' });
    expect(!feature.ok && feature.error.code).toBe('idempotency_conflict');
    expect(await ledger(deps)).toEqual({ events: before.events + 1, used: before.used + 1 });
    expect(unwrap(await consume(deps, { customer: 'a', feature: 'messages', amount: 2, idempotencyKey: 'c1' })).event).toEqual({
      ...first.event,
      duplicate: true,
    });
  });
});

describe('jsonEqual', () => {
  it('ignores key order, and nothing else', () => {
    expect(jsonEqual({ a: 1, b: { c: [1, { d: 2 }] } }, { b: { c: [1, { d: 2 }] }, a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: null }, {})).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});

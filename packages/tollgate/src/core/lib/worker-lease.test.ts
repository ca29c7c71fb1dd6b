import { afterEach, describe, expect, it } from 'vitest';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { createWorkerLease } from './worker-lease.ts';

describe(`worker lease (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('is held by one holder at a time, renewed by it, taken over once it expires, and free again once released', async () => {
    deps = await createTestDeps({ stripe: false, now: '2026-05-01T00:00:00Z' });
    const a = createWorkerLease(deps, 'usage_reporter', { ttlMs: 30_000 });
    const b = createWorkerLease(deps, 'usage_reporter', { ttlMs: 30_000 });
    const other = createWorkerLease(deps, 'another_worker', { ttlMs: 30_000 });
    expect(a.holder).not.toBe(b.holder);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await other.acquire()).toBe(true); // leases are per name
    deps.clock.advance(20_000);
    expect(await a.acquire()).toBe(true); // renewed: runs 30 s from now
    deps.clock.advance(20_000);
    expect(await b.acquire()).toBe(false); // 40 s after the first take, but 20 s after the renewal
    deps.clock.advance(10_001);
    expect(await b.acquire()).toBe(true); // a stopped renewing: b takes over
    expect(await a.acquire()).toBe(false);
    await a.release(); // not a's to release: nothing changes
    expect(await a.acquire()).toBe(false);
    await b.release();
    expect(await a.acquire()).toBe(true);
  });

  it('goes to exactly one of many holders racing for it', async () => {
    deps = await createTestDeps({ stripe: false });
    const leases = Array.from({ length: 20 }, () => createWorkerLease(deps, 'usage_reporter'));
    const taken = await Promise.all(leases.map((l) => l.acquire()));
    expect(taken.filter(Boolean)).toHaveLength(1);
  });
});

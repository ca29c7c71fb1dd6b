import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from './consume.ts';
import { waitingConsumes } from './consume-group.ts';
import { usageTestConfig } from './fixtures.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';
import { pidOf, sessions, waitForLockWait } from '../../testing/pg-sessions.test-support.ts';

describe('consume racing another process on one idempotency key (postgres)', () => {
  const deps = perTest(() => createTestDeps({ config: usageTestConfig, stripe: false }));
  const others = perTest(() => sessions(deps, 3));

  it.skipIf(testDriver() !== 'postgres')(
    'a key another process committed while the group waited for the counter is a duplicate, and the consumes after it decide on the real usage',
    async () => {
      const [admin, b, c] = others.clients as [pg.Client, pg.Client, pg.Client];
      const [bPid, cPid] = await Promise.all([pidOf(b), pidOf(c)]);
      // The race is staged on a fresh customer each time; Postgres does not promise C the
      // counter before this process's group (see `stage`), so a missed staging is staged again.
      let staged = false;
      for (let attempt = 1; attempt <= 5 && !staged; attempt++) staged = await stage(deps, { admin, b, c, bPid, cPid }, `r${attempt}`);
      expect(staged).toBe(true);
    },
    SCENARIO_TIMEOUT_MS,
  );
});

interface Sessions {
  admin: pg.Client;
  b: pg.Client;
  c: pg.Client;
  bPid: number;
  cPid: number;
}

/**
 * One staging of the race on `customer`: B holds the counter, this process's
 * first consume (d1, a retry of the first consume, so it locks the counter
 * without moving it) waits for B, C queues behind d1, and two consumes (k, a)
 * queue in this process behind d1, to go together in one statement. When d1
 * commits, C and the group both reach for the counter: C usually has it first
 * (it was waiting), but on a busy machine the group can lock it before C's
 * session wakes. Then the staging missed (false): C lets go and the group's
 * plain outcome is checked. Otherwise C, as another process would, records `k`
 * while the group waits, and the group must find it.
 */
async function stage(deps: TestDeps, { admin, b, c, bPid, cPid }: Sessions, customer: string): Promise<boolean> {
  const at = { customer, feature: 'messages' };
  unwrap(await consume(deps, { ...at, amount: 45, idempotencyKey: 'start' }));
  const lockCounter = `select used, window_key from usage_counters where customer_id = '${customer}' and feature = 'messages' for update`;
  await b.query('begin');
  await b.query(lockCounter);
  const d1 = consume(deps, { ...at, amount: 45, idempotencyKey: 'start' });
  await waitForLockWait(admin, bPid);
  await c.query('begin');
  const cLocked = c.query<{ used: string; window_key: string }>(lockCounter);
  await waitForLockWait(admin, cPid, true);
  const k = consume(deps, { ...at, amount: 1, idempotencyKey: 'k' });
  const a = consume(deps, { ...at, amount: 4, idempotencyKey: 'a' });
  while (waitingConsumes(deps.db) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  // B lets go: d1 is a duplicate (the counter stays at 45).
  await b.query('commit');
  expect(unwrap(await d1)).toMatchObject({ used: 45, event: { duplicate: true } });
  const locked = (await cLocked).rows[0];
  if (locked?.used !== '45') {
    // The group had the counter first: k and a counted as plain new usage (45 + 1 + 4).
    await c.query('rollback');
    expect(unwrap(await k).event).toMatchObject({ duplicate: false });
    expect(unwrap(await a)).toMatchObject({ allowed: true, used: 50 });
    return false;
  }
  // C holds the counter and the group of k and a waits for it.
  await waitForLockWait(admin, cPid);
  // C, as another process would, records `k` and counts it (46), then commits.
  await c.query(
    `insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key)
     values ('usg_elsewhere_${customer}', $1, 'messages', 1, 'k', now(), now(), $2)`,
    [customer, locked.window_key],
  );
  await c.query(`update usage_counters set used = used + 1 where customer_id = $1 and feature = 'messages'`, [customer]);
  await c.query('commit');
  // k is the other process's event; a fits exactly (46 + 4 = 50), and the counter agrees.
  expect(unwrap(await k).event).toMatchObject({ id: `usg_elsewhere_${customer}`, duplicate: true });
  expect(unwrap(await a)).toMatchObject({ allowed: true, used: 50, remaining: 0 });
  const { rows } = await admin.query<{ used: string; events: string }>(
    `select (select used from usage_counters where customer_id = $1) as used, (select sum(amount) from usage_events where customer_id = $1) as events`,
    [customer],
  );
  expect(rows[0]).toEqual({ used: '50', events: '50' });
  return true;
}

import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from './consume.ts';
import { waitingConsumes } from './consume-group.ts';
import { usageTestConfig } from './fixtures.test-support.ts';
import { pidOf, session, waitForLockWait } from '../../testing/pg-sessions.test-support.ts';

describe('consume racing another process on one idempotency key (postgres)', () => {
  let deps: TestDeps;
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end();
    await deps?.close();
  });

  it.skipIf(testDriver() !== 'postgres')(
    'a key another process committed while the group waited for the counter is a duplicate, and the consumes after it decide on the real usage',
    async () => {
      deps = await createTestDeps({ config: usageTestConfig, stripe: false });
      unwrap(await consume(deps, { customer: 'r', feature: 'messages', amount: 45, idempotencyKey: 'start' }));
      const [admin, b, c] = await Promise.all([session(deps), session(deps), session(deps)]);
      clients.push(admin, b, c);
      const [bPid, cPid] = await Promise.all([pidOf(b), pidOf(c)]);
      const lockCounter = `select used, window_key from usage_counters where customer_id = 'r' and feature = 'messages' for update`;
      // B holds the counter. This process's first consume (d1) waits for it; C queues behind d1.
      await b.query('begin');
      await b.query(lockCounter);
      const d1 = consume(deps, { customer: 'r', feature: 'messages', amount: 1, idempotencyKey: 'd1' });
      await waitForLockWait(admin, bPid);
      await c.query('begin');
      const cLocked = c.query<{ used: string; window_key: string }>(lockCounter);
      await waitForLockWait(admin, cPid, true);
      // Two more consumes queue in this process behind d1: they will go together, in one statement.
      const k = consume(deps, { customer: 'r', feature: 'messages', amount: 1, idempotencyKey: 'k' });
      const a = consume(deps, { customer: 'r', feature: 'messages', amount: 3, idempotencyKey: 'a' });
      while (waitingConsumes(deps.db) < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      // B lets go: d1 counts (46), then C holds the counter while the group of k and a waits for it.
      await b.query('commit');
      expect(unwrap(await d1).used).toBe(46);
      const locked = (await cLocked).rows[0];
      await waitForLockWait(admin, cPid);
      // C, as another process would, records `k` and counts it (47), then commits.
      await c.query(
        `insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key)
         values ('usg_elsewhere', 'r', 'messages', 1, 'k', now(), now(), $1)`,
        [locked?.window_key],
      );
      await c.query(`update usage_counters set used = used + 1 where customer_id = 'r' and feature = 'messages'`);
      await c.query('commit');
      // k is the other process's event; a fits exactly (47 + 3 = 50), and the counter agrees.
      expect(unwrap(await k).event).toMatchObject({ id: 'usg_elsewhere', duplicate: true });
      expect(unwrap(await a)).toMatchObject({ allowed: true, used: 50, remaining: 0 });
      const { rows } = await admin.query<{ used: string; events: string }>(
        `select (select used from usage_counters where customer_id = 'r') as used, (select sum(amount) from usage_events where customer_id = 'r') as events`,
      );
      expect(rows[0]).toEqual({ used: '50', events: '50' });
    },
    SCENARIO_TIMEOUT_MS,
  );
});

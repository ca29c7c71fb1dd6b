import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { startWorkers } from '../../edges/cli/workers.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createWorkerLease } from '../../core/lib/worker-lease.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { track } from '../ledger/track.ts';
import { grantCredits } from './grant.ts';
import { startCreditsWorker } from './worker.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('the credits worker', () => {
  const deps = perTest(() => createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' }));

  it('a round writes due expiries and fires the alerts a crash or track left; serve starts it when the config sells credits, under the credits lease', async () => {
    unwrap(await grantCredits(deps, { customer: 'w', amount: 10, expiresAt: '2026-01-21T00:00:00Z' }));
    deps.clock.set('2026-01-21T00:00:00Z');
    unwrap(await track(deps, { customer: 'w', feature: 'searches', amount: 10 }));
    const worker = startCreditsWorker(deps, { stripe: false, intervalMs: 3_600_000 });
    await worker.runOnce();
    await worker.stop();
    const rows = await queryRows<{ kind: string }>(deps.db, sql`select kind from credit_ledger where kind = 'expiry'`);
    expect(rows).toHaveLength(1);
    const alerts = await queryRows<{ type: string }>(deps.db, sql`select type from outbox order by id`);
    expect(alerts.map((a) => a.type)).toEqual(['usage.threshold_reached', 'usage.threshold_reached']);
    const workers = startWorkers(deps, { env: {}, stripe: false });
    expect(workers.names).toEqual(['outbound webhooks', 'license sweep', 'suspension sweep', 'credits']);
    await workers.stop();
    // The lease is free again once the worker stopped: another holder takes it.
    expect(await createWorkerLease(deps, 'credits').acquire()).toBe(true);
  });
});

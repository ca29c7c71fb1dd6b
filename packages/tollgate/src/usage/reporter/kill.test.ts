import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { daysBefore } from '../../testing/now.ts';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { expectStripeEqualsLedger, setupMeteredCustomers } from './meters.test-support.ts';
import { createReporter } from './run-reporter.ts';

const worker = fileURLToPath(new URL('./reporter.test-worker.ts', import.meta.url));
const DAY = 86_400_000;

async function counts(deps: TestDeps): Promise<{ sent: number; pending: number; leased: number }> {
  const now = deps.clock.now().toISOString();
  const [row] = await queryRows<{ sent: string; pending: string; leased: string }>(
    deps.db,
    sql`select count(*) filter (where status = 'sent') as sent, count(*) filter (where status = 'pending') as pending,
          count(*) filter (where status = 'pending' and next_attempt_at > ${now}::timestamptz) as leased
        from meter_reports`,
  );
  return { sent: Number(row?.sent), pending: Number(row?.pending), leased: Number(row?.leased) };
}

/** Polls for work another process (or a loop) does; the test's timeout bounds the wait. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('reporter killed mid-batch (postgres: a second OS process)', () => {
  let deps: TestDeps;
  afterEach(() => deps?.close());

  it.skipIf(testDriver() !== 'postgres')(
    "SIGKILL while sending, then a new reporter takes over once the dead one's leases run out: Stripe equals the ledger exactly",
    async () => {
      const start = daysBefore(3);
      deps = await createTestDeps({ config: usageTestConfig, now: start });
      const { meter, ids } = await setupMeteredCustomers(deps, 30);
      for (let day = 0; day < 2; day++) {
        unwrap(
          await trackBatch(
            deps,
            ids.map((c, i) => ({ customer: c.external, feature: 'tokens', amount: 1001 + i + 50 * day })),
          ),
        );
        deps.clock.advance(DAY);
      }
      // The reporter in its own process, at 40 calls/s: 60 reports take 1.5 s. Killed once 15 are sent.
      const now = String(deps.clock.now().getTime());
      const args = ['--import', 'tsx', worker, deps.database.url ?? '', deps.database.schema, deps.testStripe!.emulator.url, '40', now];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await until(async () => (await counts(deps)).sent >= 15);
      } finally {
        child.kill('SIGKILL');
        await exited;
      }
      const dead = await counts(deps);
      expect(dead.sent).toBeGreaterThanOrEqual(15);
      expect(dead.sent).toBeLessThan(60);
      expect(dead.sent + dead.pending).toBe(60);
      // What it had claimed is its own for a minute: a new reporter does not send it twice meanwhile...
      expect(dead.leased).toBeGreaterThan(0);
      expect(await createReporter(deps, { lease: false }).runOnce()).toMatchObject({ planned: 0, sent: dead.pending - dead.leased });
      // ...and its loop waits for the dead reporter's lease on the reporter itself to expire, then finishes the work.
      deps.clock.advance(61_000);
      const reporter = createReporter(deps, { intervalMs: 20 });
      reporter.start();
      try {
        await until(async () => (await counts(deps)).pending === 0);
      } finally {
        await reporter.stop();
      }
      expect(await counts(deps)).toMatchObject({ sent: 60, pending: 0 });
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
    },
    90_000,
  );
});

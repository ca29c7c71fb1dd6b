import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { getCreditBalance } from './balance.ts';
import { grantCredits } from './grant.ts';
import { setAutoTopUp } from './set-auto-top-up.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';
import { withSavedCard } from './top-up.test-support.ts';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./credits.test-worker.ts', import.meta.url));

interface WorkerOutput {
  ok: number;
  topUps: { charged: number; failed: number; retrying: number } | null;
}

/** Two OS processes running the worker at once on the test's schema. */
async function twoProcesses(deps: TestDeps, customer: string, count: number, amount: number, stripeUrl?: string): Promise<WorkerOutput[]> {
  const args = [
    '--import',
    'tsx',
    worker,
    deps.database.url ?? '',
    deps.database.schema,
    customer,
    String(count),
    String(amount),
    deps.clock.now().toISOString(),
  ];
  if (stripeUrl) args.push(stripeUrl);
  const outputs = await Promise.all([run(process.execPath, args), run(process.execPath, args)]);
  return outputs.map((o) => JSON.parse(o.stdout) as WorkerOutput);
}

describe('credits across OS processes (postgres)', () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it.skipIf(testDriver() !== 'postgres')(
    'two processes x 150 concurrent consumes against a balance worth 50: exactly 50 succeed',
    async () => {
      deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
      unwrap(await grantCredits(deps, { customer: 'hot', amount: 50 }));
      const outputs = await twoProcesses(deps, 'hot', 150, 1);
      expect(outputs[0]!.ok + outputs[1]!.ok).toBe(50);
      const [row] = await queryRows<{ debits: string; remaining: string; debt: string }>(
        deps.db,
        sql`select (select count(*) from credit_ledger where kind = 'debit') as debits, (select sum(remaining) from credit_grants) as remaining,
            (select debt from credit_balances where customer_id = 'hot') as debt`,
      );
      expect({ debits: Number(row?.debits), remaining: Number(row?.remaining), debt: Number(row?.debt) }).toEqual({ debits: 50, remaining: 0, debt: 0 });
    },
    60_000,
  );

  it.skipIf(testDriver() !== 'postgres')(
    'two processes cross the auto top-up threshold at once and both run the top-ups: one charge, one alert',
    async () => {
      deps = await createTestDeps({ config: creditsTestConfig });
      const stripeId = await withSavedCard(deps, 'both', 'pm_card_visa');
      unwrap(await grantCredits(deps, { customer: 'both', amount: 150 }));
      unwrap(await setAutoTopUp(deps, { customer: 'both', enabled: true }));
      const outputs = await twoProcesses(deps, 'both', 40, 1, deps.testStripe?.emulator.url);
      expect(outputs[0]!.ok + outputs[1]!.ok).toBe(80);
      expect(outputs.reduce((n, o) => n + (o.topUps?.charged ?? 0), 0)).toBe(1);
      const intents = await deps.stripe.paymentIntents.list({ customer: stripeId });
      expect(intents.data.map((pi) => [pi.amount, pi.status])).toEqual([[500, 'succeeded']]);
      expect(unwrap(await getCreditBalance(deps, { customer: 'both' })).balance).toBe(570);
      // 150 -> 70 crossed "below 100" once, whichever process's debit did it: one alert.
      const alerts = await queryRows<{ type: string }>(deps.db, sql`select type from outbox where type = 'credits.low_balance'`);
      expect(alerts).toHaveLength(1);
    },
    60_000,
  );
});

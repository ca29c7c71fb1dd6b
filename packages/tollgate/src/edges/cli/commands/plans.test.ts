import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../../core/config/stripe-keys.ts';
import { planMigrations } from '../../../core/db/schema/plan-migrations.ts';
import { unixSeconds } from '../../../core/lib/clock.ts';
import { unwrap } from '../../../core/lib/result.ts';
import { subscribeAt, v2Config } from '../../../commands/plans/test-support.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { createTestDeps, type TestDeps } from '../../../testing/deps.ts';
import { advanceTestClock } from '../../../testing/test-clock.ts';
import { runTollgate } from '../test-support.ts';

describe('tollgate plans migrate (at period end, on a test clock)', () => {
  let deps: TestDeps;
  let dir: string;
  const cli = (args: string[]) =>
    runTollgate(['plans', 'migrate', ...args], {
      env: { INIT_CWD: dir, STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_API_BASE: deps.testStripe?.emulator.url },
      database: deps.database,
      clock: deps.clock,
    });
  beforeEach(async () => {
    deps = await createTestDeps({ config: v2Config });
    dir = await mkdtemp(join(tmpdir(), 'tollgate-plans-'));
    await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify(v2Config));
    unwrap(await pushConfig(deps, { apply: true }));
  });
  afterEach(async () => {
    await deps.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('dry run lists each subscriber and the MRR change; the run schedules each move for the renewal, billed at the new price', async () => {
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: unixSeconds(deps.clock.now()) });
    const subs = [await subscribeAt(deps, 'acme', 1, { testClock: clock.id }), await subscribeAt(deps, 'globex', 1, { testClock: clock.id })];

    const missing = await cli(['pro', '--from', 'v1', '--to', 'v3']);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr).toBe('tollgate plans migrate: plan "pro" has no version v3 in the config (versions: v1, v2) (to)\n');
    expect((await cli(['pro', '--from', 'v1', '--to', 'v2', '--at', 'someday'])).stderr).toMatch(/at must be "period_end" or "now" \(at\)/);

    const dry = await cli(['pro', '--from', 'v1', '--to', 'v2', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/^Dry run: 2 subscriber\(s\) of pro v1 -> v2 at period_end\. Nothing was changed\.\n/);
    expect(dry.stdout).toMatch(/acme +sub_\w+ +\$0\.00 +\$20\.00 +\+\$5\.00/);
    expect(dry.stdout).toContain('MRR $30.00 -> $40.00 (+$10.00)');
    expect(await deps.db.select().from(planMigrations)).toEqual([]);

    const run = await cli(['pro', '--from', 'v1', '--to', 'v2', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ resumed: false, total: 2, moved: 2, failures: [], interrupted: false });
    // Already scheduled: running it again has nobody left to move.
    expect(JSON.parse((await cli(['pro', '--from', 'v1', '--to', 'v2', '--json'])).stdout)).toMatchObject({ total: 0, moved: 0 });

    const [v1, v2] = await Promise.all(
      [1, 2].map(async (v) => (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month', v)] })).data[0]?.id),
    );
    const before = await deps.stripe.subscriptions.retrieve(subs[0]?.id ?? '');
    expect(before.items.data[0]?.price.id).toBe(v1);
    expect(before.schedule).not.toBeNull();
    await advanceTestClock(deps.stripe, clock.id, (before.items.data[0]?.current_period_end ?? 0) + 2 * 3600);
    for (const sub of subs) {
      const after = await deps.stripe.subscriptions.retrieve(sub.id);
      expect(after.items.data[0]?.price.id).toBe(v2);
      const renewal = (await deps.stripe.invoices.list({ subscription: sub.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
      expect(renewal).toMatchObject({ status: 'paid', amount_paid: 2000 });
    }
  });
});

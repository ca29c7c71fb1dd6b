import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { runTollgate } from './test-support.ts';

describe(`admin commands (in process, against the emulator, ${testDriver()})`, () => {
  let dir: string;
  let deps: TestDeps;
  let env: Record<string, string>;
  const tollgate = (args: string[], extra: Record<string, string> = {}) =>
    runTollgate(args, { env: { ...env, ...extra }, database: deps.database, clock: deps.clock });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-admin-'));
    deps = await createTestDeps({ stripe: true });
    unwrap(await pushConfig(deps, { apply: true }));
    env = { INIT_CWD: dir, STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_API_BASE: deps.testStripe?.emulator.url ?? '' };
  });
  afterAll(async () => {
    await deps.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('customers, subscriptions, usage, metrics, events and sync', async () => {
    const missing = await tollgate(['customers', 'get', 'nobody']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('tollgate customers get: no customer "nobody"\n');

    const created = await tollgate(['subscriptions', 'create', '--customer', 'u1', '--plan', 'pro']);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^Checkout for u1 on pro \(monthly\): http:\/\/\S+\/c\/pay\/cs_/);

    const customers = await tollgate(['customers', 'list']);
    expect(customers.stdout).toMatch(/^CUSTOMER\s+EMAIL\s+STRIPE ID/);
    expect(customers.stdout).toMatch(/^u1\s+-\s+cus_/m);

    expect((await tollgate(['usage', 'record', '--customer', 'u1', '--feature', 'messages', '--amount', '3'])).stdout).toMatch(/^Recorded 3 messages for u1/);
    const shown = JSON.parse((await tollgate(['usage', 'show', '--customer', 'u1', '--json'])).stdout) as { features: { feature: string; used: number }[] };
    expect(shown.features.find((f) => f.feature === 'messages')?.used).toBe(3);

    expect((await tollgate(['metrics', 'mrr'])).stdout).toBe('MRR: $0.00 (0 active subscriptions)\n');
    expect(JSON.parse((await tollgate(['events', 'list', '--json'])).stdout)).toEqual([]);
    expect((await tollgate(['subscriptions', 'list'])).stdout).toBe('No subscriptions.\n');
    const cancel = await tollgate(['subscriptions', 'cancel', '--customer', 'u1']);
    expect(cancel.code).toBe(3);
    expect(cancel.stderr).toMatch(/^tollgate subscriptions cancel: customer "u1" has no active subscription/);

    const synced = await tollgate(['sync', '--json']);
    expect(synced.stderr).toBe('');
    expect(JSON.parse(synced.stdout)).toMatchObject({ applied: { customers: 1, prices: expect.any(Number) as unknown }, failures: [] });
  });

  it('explains a missing STRIPE_SECRET_KEY in one line, and bad flags with exit 2', async () => {
    const noKey = await tollgate(['subscriptions', 'create', '--customer', 'u2', '--plan', 'pro'], { STRIPE_SECRET_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toBe('tollgate subscriptions create: STRIPE_SECRET_KEY is not set on this server\n');
    const noPlan = await tollgate(['subscriptions', 'create', '--customer', 'u2']);
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toMatch(/--plan is required/);
    const badLimit = await tollgate(['events', 'list', '--limit', 'lots']);
    expect(badLimit.code).toBe(2);
  });
});

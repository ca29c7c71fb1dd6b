import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditsTestConfig } from '../../../usage/credits/fixtures.test-support.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../../testing/deps.ts';
import { consume } from '../../../usage/ledger/consume.ts';
import { runTollgate } from '../test-support.ts';

describe(`tollgate credits grant|balance|history (${testDriver()})`, () => {
  let dir: string;
  let deps: TestDeps;
  const tollgate = (args: string[]) => runTollgate(args, { env: { INIT_CWD: dir }, database: deps.database, clock: deps.clock });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-credits-'));
    await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify(creditsTestConfig));
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
  });
  afterAll(async () => {
    await deps.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('grants, shows the balance and the movements, in text and --json, and refuses bad input in one line', async () => {
    const granted = await tollgate([
      'credits',
      'grant',
      '--customer',
      'u1',
      '--amount',
      '100.5',
      '--expires',
      '2026-03-01T00:00:00Z',
      '--idempotency-key',
      'gift',
    ]);
    expect(granted).toMatchObject({ code: 0, stderr: '' });
    expect(granted.stdout).toMatch(/^Granted 100\.5 credits to u1 \(crg_\w+, promotional, expires 2026-03-01T00:00:00\.000Z\)\.\n$/);
    expect((await tollgate(['credits', 'grant', '--customer', 'u1', '--amount', '100.5', '--idempotency-key', 'gift'])).stdout).toMatch(
      /^Already granted as crg_/,
    );
    deps.clock.advance(60_000);
    await consume(deps, { customer: 'u1', feature: 'agent_run' });
    const balance = await tollgate(['credits', 'balance', '--customer', 'u1']);
    expect(balance.stdout).toMatch(
      /^u1: 75\.5 credits \(spent 25 this period; plan free\)\n\nGRANT\s+KIND\s+PRIORITY\s+CREDITS\s+REMAINING\s+EXPIRES\ncrg_\w+\s+promotional\s+20\s+100\.5\s+75\.5\s+2026-03-01 00:00:00\n$/,
    );
    expect(JSON.parse((await tollgate(['credits', 'balance', '--customer', 'u1', '--json'])).stdout)).toMatchObject({
      balance: 75.5,
      grants: [{ remaining: 75.5 }],
    });
    const history = await tollgate(['credits', 'history', '--customer', 'u1']);
    expect(
      history.stdout
        .split('\n')
        .slice(0, 3)
        .map((l) => l.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      'WHEN KIND CREDITS FEATURE BALANCE AFTER ID',
      expect.stringMatching(/^2026-01-20 12:01:00 debit -25 agent_run 75.5 crl_\w+$/) as unknown,
      expect.stringMatching(/^2026-01-20 12:00:00 grant 100.5 - 100.5 crl_\w+$/) as unknown,
    ]);
    expect(JSON.parse((await tollgate(['credits', 'history', '--customer', 'u1', '--limit', '1', '--json'])).stdout)).toMatchObject({
      hasMore: true,
      data: [{ kind: 'debit' }],
    });

    const fractional = await tollgate(['credits', 'grant', '--customer', 'u1', '--amount', '0.0000001']);
    expect(fractional).toMatchObject({ code: 2, stdout: '' });
    expect(fractional.stderr).toMatch(/^tollgate credits grant: amount has more than six decimals.* \(amount\)\n$/);
    expect((await tollgate(['credits', 'grant', '--customer', 'u1', '--amount', '5', '--expires', '2025-01-01T00:00:00Z'])).stderr).toMatch(
      /must be in the future.*\(expiresAt\)/,
    );
    expect(await tollgate(['credits', 'grant', '--customer', 'u1', '--amount', 'lots'])).toMatchObject({ code: 2 });
    expect(await tollgate(['credits', 'balance', '--customer', 'u1', '--system', 'gems'])).toMatchObject({ code: 2 });
    expect(await tollgate(['credits', 'grant', '--amount', '5'])).toMatchObject({ code: 2 });
    expect((await tollgate(['metrics', 'credits'])).stdout).toBe('No credits sold.\n');
    await tollgate(['credits', 'grant', '--customer', 'u2', '--amount', '1000', '--kind', 'paid', '--paid-amount', '900']);
    expect((await tollgate(['metrics', 'credits'])).stdout.split('\n')[1]?.replace(/\s+/g, ' ')).toBe('usd $9.00 $9.00 $0.00 $0.00');
  });
});

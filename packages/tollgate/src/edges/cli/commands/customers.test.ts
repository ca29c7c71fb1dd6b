import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../../testing/deps.ts';
import { seedCustomer } from '../../../usage/ledger/fixtures.test-support.ts';
import { runTollgate } from '../test-support.ts';

describe(`tollgate customers set-time-zone (${testDriver()})`, () => {
  let dir: string;
  let deps: TestDeps;
  // The command runs in this process on the test's migrated database (one binary test spawns a real process).
  const cli = async (argv: string[]) => {
    const run = await runTollgate(argv, { env: { INIT_CWD: dir }, database: deps.database, clock: deps.clock });
    return { code: run.code, out: run.stdout.replace(/\n$/, ''), err: run.stderr.replace(/\n$/, '') };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-customers-'));
    deps = await createTestDeps({ stripe: false });
    await seedCustomer(deps.db, { externalId: 'u1' });
  });
  afterAll(async () => {
    await deps.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sets the zone (text and --json), shows it in customers get, and refuses a bad zone, a missing one or an unknown customer', async () => {
    const set = await cli(['customers', 'set-time-zone', 'u1', 'Europe/Paris']);
    expect(set).toMatchObject({ code: 0, err: '', out: 'Time zone of u1: Europe/Paris (was UTC, not set), in effect now.' });
    const json = await cli(['customers', 'set-time-zone', 'u1', 'Asia/Tokyo', '--json']);
    expect(json.code).toBe(0);
    const answer = JSON.parse(json.out) as { customer: Record<string, unknown>; previousTimeZone: string };
    expect(answer).toMatchObject({ previousTimeZone: 'Europe/Paris', customer: { externalId: 'u1', timeZone: 'Asia/Tokyo' } });
    expect(answer.customer).not.toHaveProperty('raw');
    expect((await cli(['customers', 'get', 'u1'])).out).toMatch(/^Time zone Asia\/Tokyo$/m);

    const bad = await cli(['customers', 'set-time-zone', 'u1', 'Mars/Olympus']);
    expect(bad).toMatchObject({ code: 2, out: '' });
    expect(bad.err).toMatch(/^tollgate customers set-time-zone: timeZone must be an IANA time zone name .* \(timeZone\)$/);
    const missingZone = await cli(['customers', 'set-time-zone', 'u1']);
    expect(missingZone.code).toBe(2);
    expect(missingZone.err).toMatch(/expected a time zone/);
    const unknown = await cli(['customers', 'set-time-zone', 'nobody', 'UTC']);
    expect(unknown).toMatchObject({ code: 3, err: 'tollgate customers set-time-zone: no customer "nobody" (customer)' });
    expect(JSON.parse((await cli(['customers', 'get', 'u1', '--json'])).out)).toMatchObject({ timeZone: 'Asia/Tokyo' });
  });
});

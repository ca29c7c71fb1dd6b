import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomer } from '../../../usage/ledger/fixtures.test-support.ts';
import type { CommandIo } from '../command.ts';
import { runCli } from '../run.ts';
import { openRuntime } from '../runtime.ts';

describe('tollgate customers set-time-zone (embedded database)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const errors: string[] = [];
    const io: CommandIo = { out: (l) => out.push(l), err: (l) => errors.push(l), env, stopSignal: new Promise(() => undefined) };
    const code = await runCli([...argv, '--data', dir], io);
    return { code, out: out.join('\n'), err: errors.join('\n') };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-customers-'));
    env = { INIT_CWD: dir };
    const runtime = await openRuntime({ env, data: dir, migrate: true });
    try {
      await seedCustomer(runtime.deps.db, { externalId: 'u1' });
    } finally {
      await runtime.close();
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

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
  }, 120_000);
});

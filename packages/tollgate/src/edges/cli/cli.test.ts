import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../version.ts';
import { commands } from './commands/index.ts';
import { runTollgate } from './test-support.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';

const BIN = fileURLToPath(new URL('../../../bin/tollgate.mjs', import.meta.url));

describe('the tollgate binary (spawned once)', () => {
  it('starts, prints its version and its help, and exits 0', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const [version, help] = await Promise.all([run(['--version']), run(['--help'])]);
    expect(version).toEqual({ code: 0, stdout: `${VERSION}\n` });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Commands:$/m);
  });
});

describe('tollgate CLI (in process)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const tollgate = (args: string[], env: Record<string, string> = {}) => runTollgate(args, { env: { INIT_CWD: dir, ...env } });

  // Loads every command's module, so most of the engine is transformed here: seconds on a busy machine.
  it('lists each command (loaded on demand) with the summary its own module has', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({ name: entry.name, summary: entry.summary });
    }
  });

  it('lists its commands with --help', async () => {
    const run = await tollgate(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/migrate/);
    expect(run.stdout).toMatch(/dev/);
  });

  it('migrates an embedded database, then finds it up to date', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    const data = join(dir, 'migrate');
    const first = await tollgate(['migrate', '--data', data, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as { applied: string[]; total: number };
    expect(result.applied.length).toBe(result.total);
    const second = await tollgate(['migrate', '--data', data]);
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('fails at start with one line naming DATABASE_URL when it is malformed or unreachable', async () => {
    const malformed = await tollgate(['migrate'], { DATABASE_URL: 'not-a-url' });
    expect(malformed.code).toBe(78);
    expect(malformed.stderr.trim().split('\n')).toEqual(['tollgate: DATABASE_URL is malformed: expected postgres://user:password@host:port/database']);
    const unreachable = await tollgate(['serve', '--port', '0'], { DATABASE_URL: 'postgres://u@127.0.0.1:1/x' });
    expect(unreachable.code).toBe(78);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^tollgate: DATABASE_URL: cannot connect to postgres:\/\/127\.0\.0\.1:1\/x/);
  });

  it('fails at start with one line naming STRIPE_METER_EVENTS_URL or TOLLGATE_REPORTER_RATE when it is malformed', async () => {
    const bad = await tollgate(['serve', '--port', '0'], { STRIPE_METER_EVENTS_URL: 'meter events' });
    expect(bad.code).toBe(78);
    expect(bad.stderr.trim().split('\n')).toEqual([
      'tollgate: STRIPE_METER_EVENTS_URL is malformed: expected https://host (for example https://meter-events.stripe.com)',
    ]);
    const rate = await tollgate(['serve', '--port', '0'], { TOLLGATE_REPORTER_RATE: 'fast' });
    expect(rate.code).toBe(78);
    expect(rate.stderr.trim().split('\n')).toEqual(['tollgate: TOLLGATE_REPORTER_RATE must be a number of Stripe calls per second above 0 (got "fast")']);
  });

  it('rejects an unknown command and a bad flag with exit code 2', async () => {
    expect((await tollgate(['frobnicate'])).code).toBe(2);
    const bad = await tollgate(['serve', '--port', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port must be a port number/);
  });
});

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { askHolder } from '../../core/db/data-lock.ts';
import { createTestDatabase, testDriver } from '../../testing/db.ts';
import { schemaUrl } from './cli-database.test-support.ts';
import type { CommandIo } from './command.ts';
import { runCli } from './run.ts';
import { freePort } from '../../testing/free-port.ts';

const BIN = fileURLToPath(new URL('../../../bin/tollgate.mjs', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * While dev starts: once its emulator answers, slows the emulator's product
 * calls (its own fault injection), so the plans take a while to push; once
 * dev listens (its data lock names the URL), sends a checkout at once, as a
 * script that polls the port would. Returns that first answer.
 */
async function probeStarting(cwd: string, emulatorPort: number): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const emulator = `http://127.0.0.1:${emulatorPort}`;
  const auth = { authorization: 'Bearer sk_test_probe' };
  for (;;) {
    const slowed = await fetch(`${emulator}/_emulator/faults`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'rate=1&kinds[]=latency&latency_ms=1000&paths[]=/v1/products',
    }).catch(() => undefined);
    if (slowed?.ok) break;
    await sleep(10);
  }
  let url: string | undefined;
  while (!url) {
    url = (await askHolder(join(cwd, '.tollgate', 'data'), 'info').catch(() => null))?.holder?.url;
    if (!url) await sleep(10);
  }
  const key = (await readFile(join(cwd, '.tollgate', 'dev-api-key'), 'utf8')).trim();
  const response = await fetch(`${url}/api/v1/billing/checkout/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customer: 'early', plan: 'pro', success_url: url, cancel_url: url }),
  });
  await fetch(`${emulator}/_emulator/faults`, { method: 'DELETE', headers: auth });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

/** Starts `tollgate dev`, waits for "Press Ctrl-C", returns the printed lines and a stop function. */
async function startDev(cwd: string, env: Record<string, string> = {}, options: { probe?: boolean } = {}) {
  const emulatorPort = await freePort();
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--emulator-port', String(emulatorPort)], {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, DATABASE_URL: '', TOLLGATE_API_KEY: '', ...env },
    stdio: 'pipe',
    // Its own process group: `kill -9` of the group takes the emulator child down with it.
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = Date.now();
  const probed = options.probe ? probeStarting(cwd, emulatorPort) : undefined;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Press Ctrl-C')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`dev exited early (${code}): ${stderr}`)));
  });
  const line = (label: string) => new RegExp(`^${label}\\s+(\\S+)`, 'm').exec(stdout)?.[1] ?? '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stdout,
    early: await probed,
    stderr: () => stderr,
    readyMs: Date.now() - started,
    demo: line('Demo'),
    docs: line('API docs'),
    emulator: line('Emulator'),
    key: line('API key'),
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
    async killHard() {
      process.kill(-(child.pid ?? 0), 'SIGKILL');
      return exited;
    },
  };
}

type Dev = Awaited<ReturnType<typeof startDev>>;

/** Runs `body` while `tollgate dev` runs in `cwd`, then stops it as Ctrl-C does (it must exit 0); returns the stopped dev. */
async function whileDev(cwd: string, body: (dev: Dev) => Promise<void>, env: Record<string, string> = {}, options: { probe?: boolean } = {}): Promise<Dev> {
  const dev = await startDev(cwd, env, options);
  try {
    await body(dev);
  } finally {
    expect(await dev.stop()).toBe(0);
  }
  return dev;
}

/** Runs the CLI in this process. */
async function cli(args: string[], env: NodeJS.ProcessEnv, stop: Promise<string> = new Promise(() => {})) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { TOLLGATE_LOG_LEVEL: 'error', DATABASE_URL: '', ...env }, stopSignal: stop };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('tollgate dev (spawned)', () => {
  const dirs: string[] = [];
  /** A new folder, removed after the suite. */
  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts the emulator and the engine, answers its URLs, stops on Ctrl-C, and keeps its data', async () => {
    const dir = await tempDir('tollgate-dev-');
    const dev = await whileDev(
      dir,
      async (first) => {
        // Asked while the plans were still being pushed, it said so rather than answering price_not_found.
        expect(first.early).toEqual({
          status: 503,
          retryAfter: '1',
          body: { error: { code: 'starting', message: 'tollgate dev is starting: pushing the plans to Stripe; retry in a second' } },
        });
        // Readiness time is a figure to read, not to assert (test runs share the cores); a hang
        // fails through the test timeout instead.
        console.log(`tollgate dev was ready in ${first.readyMs} ms`);
        expect(first.key).toMatch(/^tg_sk_/);
        const health = await fetch(new URL('/health', first.demo));
        expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
        // The demo page: the React app on @tollgate/react (demo.browser.test.ts drives it).
        expect(await (await fetch(first.demo)).text()).toContain('<script type="module" src="/demo/app.js">');
        expect((await fetch(first.docs)).status).toBe(200);
        const products = await fetch(`${first.emulator}/v1/products`, { headers: { authorization: 'Bearer sk_test_x' } });
        expect(products.status).toBe(200);
        const session = await fetch(new URL('/api/v1/billing/session?customer=demo', first.demo), { headers: { authorization: `Bearer ${first.key}` } });
        expect(await session.json()).toEqual({ customer: 'demo', credential: 'secret_key' });
        expect(await askHolder(join(dir, '.tollgate', 'data'), 'info')).toMatchObject({
          holder: { command: 'tollgate dev', url: first.demo.replace(/\/$/, '') },
        });
        expect(first.stdout).toMatch(/^Webhooks\s+http.*\/api\/v1\/billing\/webhook \(registered with the emulator\)$/m);
        expect(first.stderr()).not.toMatch(/failed/);
        const checkout = await fetch(new URL('/api/v1/billing/checkout/session', first.demo), {
          method: 'POST',
          headers: { authorization: `Bearer ${first.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ customer: 'demo', plan: 'pro', success_url: first.demo, cancel_url: first.demo }),
        });
        expect(checkout.status).toBe(201);
      },
      {},
      { probe: true },
    );
    expect(await askHolder(join(dir, '.tollgate', 'data'), 'info')).toBeNull();
    await expect(fetch(dev.emulator)).rejects.toThrow();

    await whileDev(dir, async (again) => {
      expect(again.key).toBe(dev.key);
    });
  }, 180_000);

  it('accepts TOLLGATE_API_KEY as the dev key', async () => {
    const dir = await tempDir('tollgate-dev-');
    const key = `tg_sk_${'e'.repeat(32)}`;
    await whileDev(
      dir,
      async (dev) => {
        expect(dev.key).toBe(key);
        const response = await fetch(new URL('/api/v1/billing/session?customer=x', dev.demo), { headers: { authorization: `Bearer ${key}` } });
        expect(response.status).toBe(200);
      },
      { TOLLGATE_API_KEY: key },
    );
  }, 180_000);

  it('holds its data folder: a second dev and admin commands refuse naming it, migrate and push go through it, and kill -9 frees it with the data intact', async () => {
    const dir = await tempDir('tollgate-dev-');
    await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify(defaultConfig));
    const dev = await startDev(dir);
    const env = { INIT_CWD: dir, STRIPE_SECRET_KEY: 'sk_test_dev_lock', STRIPE_API_BASE: dev.emulator };
    const holder = `tollgate dev (pid ${dev.pid}, ${dev.demo.replace(/\/$/, '')})`;
    try {
      const second = await cli(['dev', '--port', '0', '--emulator-port', String(await freePort())], env);
      expect(second).toEqual({
        code: 78,
        out: [],
        err: [
          `tollgate: the embedded database ${join(dir, '.tollgate', 'data')} is in use by ${holder}; stop it first, go through it, or use DATABASE_URL (Postgres) for more than one process`,
        ],
      });
      const serve = await cli(['serve', '--port', '0'], env);
      expect(serve.code).toBe(78);
      expect(serve.err).toEqual([expect.stringContaining(`is in use by ${holder}`)]);
      const admin = await cli(['customers', 'list'], env);
      expect(admin.err).toEqual([expect.stringContaining(`is in use by ${holder}`)]);
      expect(await cli(['migrate'], env)).toMatchObject({
        code: 0,
        out: [expect.stringMatching(new RegExp(`is up to date \\(\\d+ migrations\\), through ${holder.replace(/[()]/g, '\\$&')}\\.$`))],
      });

      // The first dev still serves (the refusals left its lock alone).
      expect((await fetch(new URL('/health', dev.demo))).status).toBe(200);

      // A price changed and pushed: the running dev re-reads the config and shows it.
      const plans = async () =>
        ((await (await fetch(new URL('/api/v1/billing/plans', dev.demo))).json()) as { data: { key: string; prices: { amount: number }[] }[] }).data;
      expect((await plans()).find((p) => p.key === 'pro')?.prices[0]?.amount).toBe(1500);
      const cheaper = JSON.parse(JSON.stringify(defaultConfig)) as { plans: { pro: { prices: { monthly: number } } } };
      cheaper.plans.pro.prices.monthly = 1200;
      await writeFile(join(dir, 'tollgate.config.json'), JSON.stringify(cheaper));
      const pushed = await cli(['push', '--yes'], env);
      expect(pushed.code).toBe(0);
      expect(pushed.err).toEqual([
        expect.stringMatching(new RegExp(`^${holder.replace(/[()]/g, '\\$&')} reloaded the config: it offers the new plans and prices now\\.`)),
      ]);
      expect((await plans()).find((p) => p.key === 'pro')?.prices[0]?.amount).toBe(1200);
    } finally {
      await dev.killHard();
    }
    // Killed with SIGKILL: nothing to clean up, the next command opens the database at once, intact.
    const after = await cli(['customers', 'list', '--json'], env);
    expect(after.err).toEqual([]);
    expect(after.code).toBe(0);
    expect(await cli(['migrate'], env)).toMatchObject({ code: 0, out: [expect.stringMatching(/is up to date/)] });
  }, 240_000);

  it('says so when --data is not a Tollgate data folder, and creates nothing in it', async () => {
    const dir = await tempDir('tollgate-notdata-');
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'README.md'), '# my project');
    for (const args of [['dev', '--port', '0'], ['migrate'], ['serve', '--port', '0'], ['customers', 'list']]) {
      const run = await cli([...args, '--data', dir], { INIT_CWD: dir });
      expect(run, args.join(' ')).toEqual({
        code: 78,
        out: [],
        err: [
          `tollgate: --data ${dir} is not a Tollgate data folder (it holds other files and no database): give a new or empty folder, or one Tollgate created`,
        ],
      });
    }
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'src']);
  });

  it.skipIf(testDriver() !== 'postgres')(
    'uses DATABASE_URL when it is set',
    async () => {
      const dir = await tempDir('tollgate-dev-pg-');
      const database = await createTestDatabase();
      let stop: (signal: string) => void = () => {};
      const stopped = new Promise<string>((resolve) => (stop = resolve));
      const out: string[] = [];
      const io: CommandIo = {
        out: (l) => out.push(l),
        err: () => {},
        env: { INIT_CWD: dir, DATABASE_URL: schemaUrl(database), TOLLGATE_API_KEY: '' },
        stopSignal: stopped,
      };
      const running = runCli(['dev', '--port', '0', '--emulator-port', String(await freePort())], io);
      try {
        await new Promise<void>((resolve, reject) => {
          const poll = setInterval(() => {
            if (!out.includes('Press Ctrl-C to stop.')) return;
            clearInterval(poll);
            resolve();
          }, 50);
          running.then((code) => {
            clearInterval(poll);
            reject(new Error(`dev exited with ${code}: ${out.join('\n')}`));
          }, reject);
        });
        expect(out.find((l) => l.startsWith('Data'))).toMatch(/\(database: postgres:\/\/127\.0\.0\.1:5432\//);
        const demo = /^Demo\s+(\S+)/m.exec(out.join('\n'))?.[1] ?? '';
        expect(await (await fetch(new URL('/health', demo))).json()).toMatchObject({ status: 'ok', database: 'postgres' });
        const keys = await database.db.query.apiKeys.findMany();
        expect(keys.map((k) => k.name)).toContain('dev');
      } finally {
        stop('SIGINT');
        expect(await running).toBe(0);
        await database.close();
      }
    },
    120_000,
  );
});

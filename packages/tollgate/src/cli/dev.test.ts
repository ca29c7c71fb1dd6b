import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/tollgate.mjs', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts `tollgate dev`, waits for "Press Ctrl-C", returns the printed lines and a stop function. */
async function startDev(cwd: string, env: Record<string, string> = {}) {
  const emulatorPort = await freePort();
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--emulator-port', String(emulatorPort)], {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, DATABASE_URL: '', TOLLGATE_API_KEY: '', ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const started = Date.now();
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
    stderr: () => stderr,
    readyMs: Date.now() - started,
    demo: line('Demo'),
    docs: line('API docs'),
    emulator: line('Emulator'),
    key: line('API key'),
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('tollgate dev (spawned)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('starts the emulator and the engine, answers its URLs, stops on Ctrl-C, and keeps its data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-dev-'));
    dirs.push(dir);
    const dev = await startDev(dir);
    try {
      // Readiness time is a figure to read, not to assert (test runs share the cores); a hang
      // fails through the test timeout instead.
      console.log(`tollgate dev was ready in ${dev.readyMs} ms`);
      expect(dev.key).toMatch(/^tg_sk_/);
      const health = await fetch(new URL('/health', dev.demo));
      expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
      expect(await (await fetch(dev.demo)).text()).toContain('Pricing');
      expect((await fetch(dev.docs)).status).toBe(200);
      const products = await fetch(`${dev.emulator}/v1/products`, { headers: { authorization: 'Bearer sk_test_x' } });
      expect(products.status).toBe(200);
      const session = await fetch(new URL('/api/v1/billing/session?customer=demo', dev.demo), { headers: { authorization: `Bearer ${dev.key}` } });
      expect(await session.json()).toEqual({ customer: 'demo', credential: 'secret_key' });
      expect(existsSync(join(dir, '.tollgate', 'dev.pid'))).toBe(true);
      expect(dev.stdout).toMatch(/^Webhooks\s+http.*\/api\/v1\/billing\/webhook \(registered with the emulator\)$/m);
      expect(dev.stderr()).not.toMatch(/failed/);
      const checkout = await fetch(new URL('/api/v1/billing/checkout/session', dev.demo), {
        method: 'POST',
        headers: { authorization: `Bearer ${dev.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ customer: 'demo', plan: 'pro', success_url: dev.demo, cancel_url: dev.demo }),
      });
      expect(checkout.status).toBe(201);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
    expect(existsSync(join(dir, '.tollgate', 'dev.pid'))).toBe(false);
    await expect(fetch(dev.emulator)).rejects.toThrow();

    const again = await startDev(dir);
    try {
      expect(again.key).toBe(dev.key);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }, 180_000);

  it('accepts TOLLGATE_API_KEY as the dev key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-dev-'));
    dirs.push(dir);
    const key = `tg_sk_${'e'.repeat(32)}`;
    const dev = await startDev(dir, { TOLLGATE_API_KEY: key });
    try {
      expect(dev.key).toBe(key);
      const response = await fetch(new URL('/api/v1/billing/session?customer=x', dev.demo), { headers: { authorization: `Bearer ${key}` } });
      expect(response.status).toBe(200);
    } finally {
      expect(await dev.stop()).toBe(0);
    }
  }, 180_000);
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDriver } from '../../testing/db.ts';
import { runTollgate } from './test-support.ts';

const BIN = fileURLToPath(new URL('../../../bin/tollgate.mjs', import.meta.url));
const run = promisify(execFile);

function waitForUrl(child: ChildProcess): Promise<{ url: string; banner: string }> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Tollgate API\s+(\S+)/.exec(out);
      if (match?.[1] && out.includes('Health')) resolve({ url: match[1], banner: out });
    });
    child.once('exit', (code) => reject(new Error(`tollgate serve exited with ${code}: ${out}`)));
  });
}

describe(`tollgate serve --processes (${testDriver()})`, () => {
  it('refuses a bad count, and more than one process on the embedded database, with exit code 2 (in process)', async () => {
    const bad = await runTollgate(['serve', '--processes', 'two']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--processes must be auto or a whole number/);
    const embedded = await runTollgate(['serve', '--processes', '2']);
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toMatch(/--processes above 1 needs DATABASE_URL/);
  });

  it.skipIf(testDriver() !== 'postgres')(
    'serves one port from several processes, each request answered once, and stops on SIGTERM',
    { timeout: 60_000 },
    async () => {
      const database = await createTestDatabase({ poolSize: 1 });
      const url = new URL(database.url ?? '');
      url.searchParams.set('options', `-c search_path=${database.schema}`);
      const env = { ...process.env, DATABASE_URL: url.toString(), STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '', TOLLGATE_WORKERS: '0' };
      const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--processes', '2'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const { stdout } = await run(process.execPath, [BIN, 'keys', 'create', '--name', 'cluster', '--json'], { env });
        const key = (JSON.parse(stdout) as { key: string }).key;
        const { url: api, banner } = await waitForUrl(child);
        expect(banner).toMatch(/2 processes/);
        const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', connection: 'close' };
        // New connections are spread over the processes; every track is recorded exactly once.
        const statuses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            fetch(`${api}/api/v1/billing/track`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ customer: 'user_c', feature: 'messages', idempotency_key: `k${i % 20}` }),
            }).then((r) => r.status),
          ),
        );
        expect(statuses.every((s) => s === 200)).toBe(true);
        const checked = await fetch(`${api}/api/v1/billing/check`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ customer: 'user_c', feature: 'messages' }),
        });
        expect(await checked.json()).toMatchObject({ used: 20 });
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        await expect(fetch(`${api}/health`)).rejects.toThrow();
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await database.close();
      }
    },
  );
});

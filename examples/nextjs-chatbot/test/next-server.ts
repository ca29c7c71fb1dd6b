import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from 'tollgate/testing';

/**
 * Test support: builds the example with `next build` and runs `next start`
 * on a free port against the given Stripe (the emulator) and database, as a
 * deployment would. The packages are used as installed (their dist/, what is
 * published): `npm run build` first when a dist/ is missing.
 */
export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(APP_DIR, '..', '..');
const NEXT_BIN = join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface NextServer {
  url: string;
  /** Everything the server printed (for failures). */
  output(): string;
  close(): Promise<void>;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}:\n${out.slice(-4000)}`))));
  });
}

export async function buildApp(): Promise<void> {
  const packages = ['tollgate', 'react', 'stripe-emulator'].map((p) => join(ROOT, 'packages', p, 'dist'));
  if (packages.some((p) => !existsSync(p))) await run('npm', ['run', 'build'], ROOT);
  await run(process.execPath, [NEXT_BIN, 'build'], APP_DIR, { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
}

export async function reservePort(): Promise<{ port: number; url: string }> {
  const port = await freePort();
  return { port, url: `http://127.0.0.1:${port}` };
}

/** `next start` on the port; resolves once the sign-in page answers. */
export async function startApp(port: number, env: Record<string, string>): Promise<NextServer> {
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: APP_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), APP_URL: url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited ${String(child.exitCode)}:\n${out}`);
    const ok = await fetch(`${url}/signin`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The engine starts on first use (migrations, plans pushed to Stripe): start it before the browser comes.
  const plans = await fetch(`${url}/api/v1/billing/plans`);
  if (plans.status !== 200) throw new Error(`the engine did not start (${plans.status}): ${await plans.text()}\n${out}`);
  return {
    url,
    output: () => out,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

// Shared by the chaos and scale-out scripts: `tollgate` processes (serve, CLI) and small HTTP helpers.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../packages/tollgate/bin/tollgate.mjs', import.meta.url));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a `tollgate` command to its end. */
export function tollgate(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Serve {
  url: string;
  pid: number;
  child: ChildProcess;
  /** `kill -9`: nothing is flushed, closed or released by the process itself. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `tollgate serve` on a fixed port and resolves once it listens. */
export async function startServe(port: number, env: NodeJS.ProcessEnv, label = 'serve'): Promise<Serve> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.length > 100_000) stderr = stderr.slice(-50_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Tollgate API\s+(\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}: ${stderr.slice(-2000)}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    child,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Retries `call` until it answers a status below 500 other than 429 (the engine restarting, Stripe faults), up to `deadlineMs`. */
export async function untilAnswered(call: () => Promise<Response>, onRetry: () => void, deadlineMs = 120_000): Promise<Response> {
  const end = Date.now() + deadlineMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      const response = await call();
      if (response.status < 500 && response.status !== 429) return response;
      await response.arrayBuffer();
    } catch {
      // the engine is down (killed, restarting): try again
    }
    if (Date.now() > end) throw new Error('no answer before the deadline');
    onRetry();
    await sleep(delay);
  }
}

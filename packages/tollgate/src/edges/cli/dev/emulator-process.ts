import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../core/lib/errors.ts';

export interface EmulatorProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The stripe-emulator's bin script, found through package resolution (or the
 * workspace). The engine only starts it as a process and talks HTTP to it.
 */
export function emulatorBin(): string {
  const candidates: string[] = [];
  try {
    const manifest = createRequire(import.meta.url).resolve('stripe-emulator/package.json');
    candidates.push(join(dirname(manifest), 'bin', 'stripe-emulator.mjs'));
  } catch {
    // not installed as a package: try the workspace below
  }
  candidates.push(fileURLToPath(new URL('../../../../../stripe-emulator/bin/stripe-emulator.mjs', import.meta.url)));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new ConfigError('tollgate dev needs the stripe-emulator package (npm install stripe-emulator)');
  return found;
}

/** Spawns the emulator on a port and resolves once it says it is listening. */
export function startEmulatorProcess(options: { port: number; dataFile?: string; timeoutMs?: number }): Promise<EmulatorProcess> {
  const args = ['--port', String(options.port), ...(options.dataFile ? ['--data', options.dataFile] : [])];
  const child = spawn(process.execPath, [emulatorBin(), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let stderr = '';
    let stdout = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      void stop().then(() => reject(new ConfigError(message)));
    };
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(() => fail(`stripe-emulator did not start within ${timeoutMs} ms`), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /listening on (\S+)/.exec(stdout);
      if (match?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: match[1], child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      const reason = /EADDRINUSE/.test(stderr) ? `port ${options.port} is in use (choose another with --emulator-port)` : stderr.trim().split('\n').pop();
      reject(new ConfigError(`stripe-emulator exited (code ${code}): ${reason ?? 'no output'}`));
    });
  });
}

import type { Database } from '../../core/db/connect.ts';
import type { Clock } from '../../core/lib/clock.ts';
import { runCli } from './run.ts';

/** What a CLI run printed and returned, as a spawned process would show it. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  /** The test's open database (the command uses it and leaves it open). */
  database?: Database;
  clock?: Clock;
  /** Resolves to stop a long-running command (dev, serve) as SIGINT would. */
  stopSignal?: Promise<string>;
}

/**
 * Runs `tollgate <args>` in this process through `runCli` and the CommandIo a
 * terminal would get (test support): no process to spawn, no loader to boot.
 * The environment is exactly `env` (nothing inherited from the test process).
 */
export async function runTollgate(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = value;
  const code = await runCli(args, {
    out: (line) => (stdout += `${line}\n`),
    err: (line) => (stderr += `${line}\n`),
    env,
    stopSignal: options.stopSignal ?? new Promise<string>(() => {}),
    database: options.database,
    clock: options.clock,
  });
  return { code, stdout, stderr };
}

import type { ParseArgsConfig } from 'node:util';
import type { Database } from '../../core/db/connect.ts';
import type { Clock } from '../../core/lib/clock.ts';

/** Exit codes that mean something (sysexits-style where one fits). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  config: 78,
} as const;

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  stopSignal: Promise<string>;
  /**
   * A host that embeds the CLI (the test suite) may hand it an open database
   * (used as is, never closed by the command) and a clock; otherwise each
   * command opens the database the environment names, on the system clock.
   */
  database?: Database;
  clock?: Clock;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: { values: Record<string, unknown>; positionals: string[] }, io: CommandIo): Promise<number>;
}

export class UsageError extends Error {}

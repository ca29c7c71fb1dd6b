import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { connect, type Database } from '../../core/db/connect.ts';
import { migrate } from '../../core/db/migrate.ts';
import { createTestDatabase, type TestDatabase, testDriver } from '../../testing/db.ts';
import type { CommandIo } from './command.ts';
import { runCli } from './run.ts';

/**
 * Test support for CLI commands run in process (`runCli`) against a
 * database the test can also read: on Postgres a fresh schema (the CLI's
 * DATABASE_URL carries its search_path); on PGlite a data folder, which one
 * process holds at a time, so `open()` before the CLI runs and `close()` after.
 */
export interface CliDatabase {
  driver: 'pglite' | 'postgres';
  /** The folder the CLI runs in (INIT_CWD) and, on PGlite, its --data folder. */
  dir: string;
  run(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number; out: string[]; err: string[] }>;
  /** The database, migrated; on PGlite close it before the next `run`. */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

/** The DATABASE_URL of a test schema: the server's URL with the schema as search_path. */
export function schemaUrl(database: TestDatabase): string | undefined {
  if (!database.url) return undefined;
  return `${database.url}${database.url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${database.schema}`)}`;
}

export async function createCliDatabase(baseEnv: NodeJS.ProcessEnv = {}): Promise<CliDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
  const postgres = testDriver() === 'postgres' ? await createTestDatabase() : undefined;
  const env = { INIT_CWD: dir, TOLLGATE_LOG_LEVEL: 'error', ...baseEnv, DATABASE_URL: postgres ? schemaUrl(postgres) : '' };
  const args = postgres ? [] : ['--data', dir];
  return {
    driver: postgres ? 'postgres' : 'pglite',
    dir,
    async run(argv, extra = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const io: CommandIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...env, ...extra }, stopSignal: new Promise<string>(() => {}) };
      const code = await runCli([...argv, ...args], io);
      return { code, out, err };
    },
    async open() {
      if (postgres) return { ...postgres, close: () => Promise.resolve() };
      const database = await connect({ dataDir: join(dir, 'db') });
      await migrate(database.db);
      return database;
    },
    async dispose() {
      await postgres?.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Stripe client for deps that must not call Stripe. */
export const noStripe = new Proxy({} as Stripe, {
  get(_target, property) {
    throw new Error(`no Stripe in this test (stripe.${String(property)})`);
  },
});

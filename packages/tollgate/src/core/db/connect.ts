import { mkdir, readdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { ConfigError } from '../lib/errors.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import { packagedTemplate, restorePgliteTemplate } from './pglite-template.ts';
import type { Db } from './db-type.ts';
import * as schema from './schema/index.ts';
import { wrapPglite } from './wrap-pglite.ts';

export type { Db };
export type Driver = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  driver: Driver;
  /** A description safe to print (no password). */
  description: string;
  /** The embedded database folder's lock, held until `close` (PGlite on disk only). */
  lock?: DataLock;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** A postgres:// URL. When absent the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; in memory when absent. Ignored with `url`. */
  dataDir?: string | undefined;
  /** Postgres only: the schema to use as search_path (tests use one each). */
  searchPath?: string | undefined;
  /** Postgres only: pool size (default 10). */
  poolSize?: number | undefined;
  /** The environment variable `url` came from, named in errors. */
  urlSource?: string | undefined;
  /** PGlite on disk: what the folder's lock tells other processes holds it (default "a Tollgate process"). */
  holder?: string | undefined;
  /** PGlite on disk: the folder's lock, already taken by the caller (released by `close`). */
  lock?: DataLock | undefined;
}

function parseUrl(url: string, source: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${source} is malformed: expected postgres://user:password@host:port/database`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`${source} must start with postgres:// or postgresql:// (got ${parsed.protocol}//)`);
  }
  return parsed;
}

function describeUrl(url: URL): string {
  return `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function connectPostgres(options: ConnectOptions & { url: string }): Promise<Database> {
  const source = options.urlSource ?? 'DATABASE_URL';
  const url = parseUrl(options.url, source);
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    const reason = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
    throw new ConfigError(`${source}: cannot connect to ${describeUrl(url)} (${reason})`);
  }
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return { db, driver: 'postgres', description: describeUrl(url), close: () => pool.end() };
}

/**
 * Refuses a folder that holds other files but no database: PGlite would
 * create an empty database among them (a mistyped --data, say).
 */
export async function checkDatabaseFolder(dir: string): Promise<void> {
  const entries: string[] = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    if (e.code === 'ENOTDIR') throw new ConfigError(`${dir} is a file, not a database folder`);
    throw e;
  });
  if (entries.length === 0 || entries.includes('PG_VERSION')) return;
  throw new ConfigError(
    `${dir} is not an embedded Tollgate database: it holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}) and no PG_VERSION; choose a new or empty folder`,
  );
}

async function connectPglite(options: ConnectOptions): Promise<Database> {
  const dir = options.dataDir;
  let lock: DataLock | undefined = options.lock;
  if (dir) {
    await checkDatabaseFolder(dir);
    await mkdir(dir, { recursive: true });
    // One process at a time: a second PGlite on the same files destroys the database.
    lock ??= await acquireDataLock(dir, { command: options.holder ?? 'a Tollgate process' });
  }
  let client: PGlite;
  try {
    // A new folder starts from the packaged, migrated template when there is one (pglite-template.ts).
    const template = dir && (await readdir(dir)).length === 0 ? await packagedTemplate() : undefined;
    if (dir && template) await restorePgliteTemplate(template, dir);
    client = dir ? new PGlite(dir) : new PGlite();
    await client.waitReady;
  } catch (e) {
    await lock?.release();
    throw new ConfigError(`cannot open the embedded database at ${dir ?? 'memory'}: ${String(e)}`);
  }
  const database = wrapPglite(client, dir ? `pglite:${dir}` : 'pglite:memory');
  if (!lock) return database;
  const held = lock;
  return {
    ...database,
    lock: held,
    async close() {
      try {
        await client.close();
      } finally {
        await held.release();
      }
    },
  };
}

/** PGlite by default; Postgres through node-postgres when a URL is given. */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  if (options.url !== undefined && options.url !== '') return connectPostgres({ ...options, url: options.url });
  return connectPglite(options);
}

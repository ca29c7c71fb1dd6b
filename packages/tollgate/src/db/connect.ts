import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { ConfigError } from '../lib/errors.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  driver: Driver;
  /** A description safe to print (no password). */
  description: string;
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

async function connectPglite(options: ConnectOptions): Promise<Database> {
  let client: PGlite;
  try {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
    await client.waitReady;
  } catch (e) {
    throw new ConfigError(`cannot open the embedded database at ${options.dataDir ?? 'memory'}: ${String(e)}`);
  }
  return wrapPglite(client, options.dataDir ? `pglite:${options.dataDir}` : 'pglite:memory');
}

/** A Database over an already open PGlite instance (tests clone a migrated one). */
export function wrapPglite(client: PGlite, description = 'pglite:memory'): Database {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, driver: 'pglite', description, close: () => client.close() };
}

/** PGlite by default; Postgres through node-postgres when a URL is given. */
export async function connect(options: ConnectOptions = {}): Promise<Database> {
  if (options.url !== undefined && options.url !== '') return connectPostgres({ ...options, url: options.url });
  return connectPglite(options);
}

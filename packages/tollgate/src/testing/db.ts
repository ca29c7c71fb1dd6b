import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connect, type Database, wrapPglite } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';

/**
 * A fresh, migrated database schema for one test, on the driver the run
 * selects: with TEST_DATABASE_URL or DATABASE_URL set, a new schema on that
 * Postgres server; otherwise a new schema inside an embedded PGlite. Closing
 * drops the schema. The same suite runs on both drivers.
 */
export interface TestDatabase extends Database {
  schema: string;
  /** The Postgres URL, for tests that start other processes (absent on PGlite). */
  url?: string;
}

export function testDriver(): 'pglite' | 'postgres' {
  return testDatabaseUrl() ? 'postgres' : 'pglite';
}

function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return url && url.length > 0 ? url : undefined;
}

function newSchemaName(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

// Booting PGlite costs most of a second, so instances are kept and reused:
// one PGlite is one session, so it serves one test database at a time.
const idlePglites: PGlite[] = [];

async function acquirePglite(): Promise<PGlite> {
  const idle = idlePglites.pop();
  if (idle) return idle;
  const client = new PGlite();
  await client.waitReady;
  return client;
}

async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const client = await acquirePglite();
  const schema = newSchemaName();
  await client.exec(`create schema ${schema}; set search_path to ${schema}`);
  const database = wrapPglite(client, `pglite:memory/${schema}`);
  await migrate(database.db);
  let closed = false;
  return {
    ...database,
    schema,
    async close() {
      if (closed) return;
      closed = true;
      await client.exec(`drop schema if exists ${schema} cascade; set search_path to public`);
      idlePglites.push(client);
    },
  };
}

async function adminQuery(url: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (!url) return createPgliteTestDatabase();
  const schema = newSchemaName();
  await adminQuery(url, `create schema ${schema}`);
  const database = await connect({ url, searchPath: schema, poolSize: options.poolSize ?? 5 });
  await migrate(database.db);
  let closed = false;
  return {
    ...database,
    url,
    schema,
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
      await adminQuery(url, `drop schema if exists ${schema} cascade`);
    },
  };
}

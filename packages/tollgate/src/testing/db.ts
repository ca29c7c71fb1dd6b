import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connect, type Database } from '../core/db/connect.ts';
import { wrapPglite } from '../core/db/wrap-pglite.ts';
import { migrate } from '../core/db/migrate.ts';

/**
 * A fresh, migrated database schema for one test, on the driver the run
 * selects: with TEST_DATABASE_URL or DATABASE_URL set, a schema on that
 * Postgres server; otherwise a schema inside an embedded PGlite. The same
 * suite runs on both drivers.
 *
 * Setup is cheap: migrations run once per schema, not once per test. A
 * closed test's schema is emptied (every row deleted, triggers off, in one
 * round trip: a few ms, where migrating costs hundreds) and handed to the
 * next test in the same worker, and PGlite instances are booted once per
 * worker. `{ empty: true }` gives a schema with no tables, for tests of the
 * migrator itself; it is dropped on close.
 */
export interface TestDatabase extends Database {
  schema: string;
  /** The Postgres URL, for tests that start other processes (absent on PGlite). */
  url?: string;
}

export interface TestDatabaseOptions {
  /** Postgres only: pool size (default 5). */
  poolSize?: number;
  /** No migrations: an empty schema (dropped on close, never reused). */
  empty?: boolean;
}

export function testDriver(): 'pglite' | 'postgres' {
  return testDatabaseUrl() ? 'postgres' : 'pglite';
}

function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  return url && url.length > 0 ? url : undefined;
}

/**
 * Schema names carry the run's prefix (set by the suite's global setup), so
 * the run's teardown drops every schema it made, including the ones left
 * idle in workers.
 */
export function testSchemaPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return `t_${env.TOLLGATE_TEST_RUN ?? 'x'}_`;
}

function newSchemaName(): string {
  return `${testSchemaPrefix()}${randomBytes(5).toString('hex')}`;
}

/** One statement that empties every table of `schema` but the migrations ledger, triggers off. */
function resetStatement(schema: string, tables: string[]): string {
  const deletes = tables.map((t) => `delete from ${schema}."${t}"`).join('; ');
  return `set session_replication_role = replica; ${deletes}; set session_replication_role = origin`;
}

const TABLES_QUERY = `select tablename from pg_tables where schemaname = $1 and tablename <> 'tollgate_migrations' order by tablename`;

// --- PGlite ---------------------------------------------------------------

interface PgliteSchema {
  client: PGlite;
  schema: string;
  tables: string[];
}

interface PostgresSchema {
  schema: string;
  tables: string[];
}

/**
 * What a worker process keeps between test files. Vitest reuses worker
 * processes but evaluates each file's modules afresh, so this lives on
 * `globalThis`, not in this module: booting PGlite costs most of a second and
 * migrating a schema hundreds of ms, once per worker rather than per file.
 */
interface WorkerDatabases {
  /** One PGlite is one session, so each serves one test at a time. */
  idleClients: PGlite[];
  idlePgliteSchemas: PgliteSchema[];
  idlePostgresSchemas: Map<string, PostgresSchema[]>;
  admin: { url: string; client: Promise<pg.Client> } | undefined;
  warmed: boolean;
}

const WORKER_KEY = Symbol.for('tollgate.testing.databases');
const worker: WorkerDatabases = ((globalThis as Record<symbol, unknown>)[WORKER_KEY] as WorkerDatabases | undefined) ?? {
  idleClients: [],
  idlePgliteSchemas: [],
  idlePostgresSchemas: new Map(),
  admin: undefined,
  warmed: false,
};
(globalThis as Record<symbol, unknown>)[WORKER_KEY] = worker;
const { idleClients, idlePgliteSchemas, idlePostgresSchemas } = worker;

async function acquireClient(): Promise<PGlite> {
  const idle = idleClients.pop();
  if (idle) return idle;
  const client = new PGlite();
  await client.waitReady;
  return client;
}

async function newPgliteSchema(empty: boolean): Promise<PgliteSchema> {
  const client = await acquireClient();
  const schema = newSchemaName();
  await client.exec(`create schema ${schema}; set search_path to ${schema}`);
  if (empty) return { client, schema, tables: [] };
  await migrate(wrapPglite(client).db);
  const tables = (await client.query<{ tablename: string }>(TABLES_QUERY, [schema])).rows.map((r) => r.tablename);
  return { client, schema, tables };
}

async function createPgliteTestDatabase(options: TestDatabaseOptions): Promise<TestDatabase> {
  const empty = options.empty === true;
  const lease = (!empty && idlePgliteSchemas.pop()) || (await newPgliteSchema(empty));
  const { client, schema } = lease;
  await client.exec(`set search_path to ${schema}`);
  const database = wrapPglite(client, `pglite:memory/${schema}`);
  let closed = false;
  return {
    ...database,
    schema,
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (empty) {
          await client.exec(`drop schema if exists ${schema} cascade; set search_path to public`);
          idleClients.push(client);
        } else {
          await client.exec(resetStatement(schema, lease.tables));
          idlePgliteSchemas.push(lease);
        }
      } catch {
        // A session left in a state it cannot be reset from: never reuse it.
        await client.close().catch(() => {});
      }
    },
  };
}

// --- Postgres -------------------------------------------------------------

/** One admin session per worker (creating, emptying and dropping schemas). */
async function adminQuery(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  if (worker.admin?.url !== url) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {});
    worker.admin = { url, client: client.connect().then(() => client) };
  }
  return (await worker.admin.client).query(text, values);
}

async function newPostgresSchema(url: string, empty: boolean, poolSize: number): Promise<{ lease: PostgresSchema; database: Database }> {
  const schema = newSchemaName();
  await adminQuery(url, `create schema ${schema}`);
  const database = await connect({ url, searchPath: schema, poolSize });
  if (empty) return { lease: { schema, tables: [] }, database };
  await migrate(database.db);
  const tables = (await adminQuery(url, TABLES_QUERY, [schema])).rows.map((r: { tablename: string }) => r.tablename);
  return { lease: { schema, tables }, database };
}

async function createPostgresTestDatabase(url: string, options: TestDatabaseOptions): Promise<TestDatabase> {
  const empty = options.empty === true;
  const poolSize = options.poolSize ?? 5;
  const idle = empty ? undefined : idlePostgresSchemas.get(url)?.pop();
  const { lease, database } = idle
    ? { lease: idle, database: await connect({ url, searchPath: idle.schema, poolSize }) }
    : await newPostgresSchema(url, empty, poolSize);
  const { schema } = lease;
  let closed = false;
  return {
    ...database,
    url,
    schema,
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
      if (empty) {
        await adminQuery(url, `drop schema if exists ${schema} cascade`);
        return;
      }
      try {
        await adminQuery(url, resetStatement(schema, lease.tables));
        const list = idlePostgresSchemas.get(url) ?? [];
        list.push(lease);
        idlePostgresSchemas.set(url, list);
      } catch {
        // Not resettable (a role without the right to switch triggers off, say): drop it instead.
        await adminQuery(url, `drop schema if exists ${schema} cascade`).catch(() => {});
      }
    },
  };
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  return url ? createPostgresTestDatabase(url, options) : createPgliteTestDatabase(options);
}

/** Drops every schema a test run made (the suite's global teardown). */
export async function dropTestSchemas(url: string, prefix: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(`select nspname from pg_namespace where starts_with(nspname, $1)`, [prefix]);
    for (const { nspname } of rows) await client.query(`drop schema if exists "${nspname}" cascade`);
    return rows.length;
  } finally {
    await client.end();
  }
}

/** Prepares one migrated schema ahead of the first test (once per worker). */
export async function warmTestDatabases(): Promise<void> {
  if (worker.warmed) return;
  worker.warmed = true;
  await (await createTestDatabase()).close();
}

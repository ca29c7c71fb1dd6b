import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Db } from './connect.ts';

/**
 * The one module that runs raw SQL, on either driver (node-postgres, PGlite):
 * Drizzle queries as rows (`queryRows`, `queryPrepared`) and named statements
 * with typed parameters (`statement`), whose text lives beside the domain
 * file that needs it (`usage/track-sql.ts`, `credits/debit-sql.ts`...).
 */

/** Anything that can run raw SQL: the database or a transaction. */
export type Executor = Pick<Db, 'execute'>;

/**
 * Runs raw SQL and returns its rows. Both drivers answer `execute` with an
 * object carrying `rows`; the shared Drizzle type does not say so, hence this
 * one narrowing place.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

const dialect = new PgDialect();
const names = new Map<string, string>();

/**
 * Runs a Drizzle query as a named prepared statement (named by its text), so
 * that Postgres parses it once per connection and can keep its plan: for the
 * large, fixed-shape statements of hot paths (webhook batches), where parsing
 * and planning cost more than running. Works inside transactions. PGlite runs
 * it as a plain query.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  // The one reach past Drizzle's public type: a transaction's connection is only on its session.
  const session = (db as unknown as { session?: PgSession }).session;
  if (!session || typeof session.prepareQuery !== 'function') return queryRows<T>(db, query);
  const compiled = dialect.sqlToQuery(query);
  let name = names.get(compiled.sql);
  if (name === undefined) {
    name = `tg_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20)}`;
    if (names.size > 1000) names.clear();
    names.set(compiled.sql, name);
  }
  const result: unknown = await session.prepareQuery(compiled, undefined, name, false).execute();
  return (result as { rows: T[] }).rows;
}

interface QueryClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

function isQueryClient(value: unknown): value is QueryClient {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function';
}

/** A named statement: constant `$1...` text, its parameters typed as a tuple `P`, its rows as `T`. */
export interface Statement<T, P extends readonly unknown[]> {
  readonly name: string;
  readonly text: string;
  /**
   * Runs on the database (not a transaction): a named prepared statement on
   * Postgres (planned once per pooled connection instead of on every call:
   * planning is most of a small query's cost), a plain parameterised query on PGlite.
   */
  rows(db: Db, params: P): Promise<T[]>;
  /** Runs inside a transaction (or anywhere `execute` runs): the same text, the parameters bound by Drizzle. */
  rowsIn(executor: Executor, params: P): Promise<T[]>;
}

/** Raw SQL with `$n` placeholders as a Drizzle query, so it can run inside a transaction. */
function positional(text: string, values: readonly unknown[]): SQL {
  const parts: SQL[] = [];
  let last = 0;
  for (const match of text.matchAll(/\$(\d+)/g)) {
    parts.push(sql.raw(text.slice(last, match.index)), sql`${values[Number(match[1]) - 1]}`);
    last = match.index + match[0].length;
  }
  parts.push(sql.raw(text.slice(last)));
  return sql.join(parts);
}

export function statement<T, P extends readonly unknown[]>(name: string, text: string): Statement<T, P> {
  return {
    name,
    text,
    async rows(db, params) {
      // `$client` is the pool (node-postgres) or the PGlite instance the database was made with.
      const client: unknown = (db as unknown as { $client?: unknown }).$client;
      if (client instanceof pg.Pool) return (await client.query({ name, text, values: [...params] })).rows as T[];
      if (isQueryClient(client)) return (await client.query(text, [...params])).rows as T[];
      throw new Error(`statement ${name}: the database client cannot run queries`);
    },
    async rowsIn(executor, params) {
      const result: unknown = await executor.execute(positional(text, params));
      return (result as { rows: T[] }).rows;
    },
  };
}

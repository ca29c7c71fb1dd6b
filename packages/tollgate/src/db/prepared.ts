import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import type { Db } from './connect.ts';

const dialect = new PgDialect();
const names = new Map<string, string>();

/**
 * Runs raw SQL as a named prepared statement (named by its text), so that
 * Postgres parses it once per connection and can keep its plan: for the
 * large, fixed-shape statements of hot paths (webhook batches), where
 * parsing and planning cost more than running. PGlite runs it as a plain query.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  // Drizzle keeps its session off the public type; every Drizzle database and transaction has one.
  const session = (db as unknown as { session?: PgSession }).session;
  if (!session || typeof session.prepareQuery !== 'function') {
    const result: unknown = await db.execute(query);
    return (result as { rows: T[] }).rows;
  }
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

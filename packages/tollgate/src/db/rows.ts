import type { SQL } from 'drizzle-orm';
import type { Db } from './connect.ts';

/** Anything that can run raw SQL: the database or a transaction. */
export type Executor = Pick<Db, 'execute'>;

/**
 * Runs raw SQL and returns its rows. Both drivers (node-postgres and PGlite)
 * answer `execute` with an object carrying `rows`; the shared Drizzle type
 * does not say so, hence this one narrowing place.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

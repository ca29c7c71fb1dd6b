import pg from 'pg';
import type { Db } from '../db/connect.ts';

interface QueryClient {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

function isQueryClient(value: unknown): value is QueryClient {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function';
}

/**
 * Runs a hot read as a named prepared statement on Postgres (planned once per
 * connection instead of on every call: planning is most of a small query's
 * cost), and as a plain parameterised query on PGlite. `text` uses `$1...`
 * placeholders and must be constant for a given `name`. Outside transactions
 * only: on Postgres it runs on any pooled connection.
 */
export async function preparedRows<T>(db: Db, name: string, text: string, values: unknown[]): Promise<T[]> {
  const client: unknown = (db as unknown as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) {
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  }
  if (isQueryClient(client)) return (await client.query(text, values)).rows as T[];
  throw new Error('preparedRows: the database client cannot run queries');
}

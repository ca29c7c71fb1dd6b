import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Db } from './db-type.ts';
import * as schema from './schema/index.ts';

/** A Database (connect.ts) over an already open PGlite instance (tests clone a migrated one). */
export function wrapPglite(client: PGlite, description = 'pglite:memory'): { db: Db; driver: 'pglite'; description: string; close(): Promise<void> } {
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, driver: 'pglite', description, close: () => client.close() };
}

import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.ts';

/**
 * The Drizzle database, whichever driver is behind it (`deps.db`,
 * `Database.db`). Published as an opaque type: the build replaces this file's
 * declarations with `types/db-type.d.ts`, so an app passes the handle on to
 * Tollgate without its types reaching Drizzle's, which do not type-check under
 * a consumer's `skipLibCheck: false` (errors in drizzle-orm's mysql, sqlite and
 * singlestore declarations, which every Drizzle type pulls in).
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

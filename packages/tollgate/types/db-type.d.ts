// Published in place of the declarations of src/core/db/db-type.ts (see there): the
// database handle is opaque to apps.
declare const tollgateDatabase: unique symbol;

/**
 * The database handle in `deps.db` and `Database.db` (a Drizzle database over
 * PGlite or node-postgres): get it from `connect()` and hand it to Tollgate.
 */
export interface Db {
  readonly [tollgateDatabase]: true;
}

import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Deps } from '../../core/lib/deps.ts';

/** Runs `work` in the caller's transaction when `deps.db` is one (the mirror's), else in a new one. */
export function inTransaction<T>(deps: Deps, work: (tx: Deps) => Promise<T>): Promise<T> {
  if (deps.db instanceof PgTransaction) return work(deps);
  return deps.db.transaction((tx) => work({ ...deps, db: tx }));
}

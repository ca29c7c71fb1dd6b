import { sql } from 'drizzle-orm';
import type { Deps } from '../lib/deps.ts';

/** Serialises writers of one object until the transaction ends (an advisory lock; works on both drivers). */
export async function lockObject(deps: Deps, key: string): Promise<void> {
  await deps.db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

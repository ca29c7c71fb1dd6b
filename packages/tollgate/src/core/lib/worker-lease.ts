import { sql } from 'drizzle-orm';
import { queryRows } from '../db/sql.ts';
import type { Deps } from './deps.ts';

export interface WorkerLease {
  readonly name: string;
  readonly holder: string;
  /** Takes the lease, or renews it when this holder has it; false while another holder's lease runs. */
  acquire(): Promise<boolean>;
  /** Gives the lease up at once (another process may take it on its next try). */
  release(): Promise<void>;
}

/** How long a lease lasts without renewal (default): a crashed holder is replaced after this. */
export const DEFAULT_LEASE_MS = 60_000;

/**
 * A lease on a named background worker, kept in the database every node
 * shares (`worker_leases`), so that work which must run once per database
 * runs in one process however many serve it. Taking and renewing are one
 * statement: the row is inserted, or updated when this holder has it or it
 * has expired, else left alone. Times come from the injected clock; nodes'
 * clocks must agree to well within `ttlMs`.
 */
export function createWorkerLease(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, name: string, options: { ttlMs?: number; holder?: string } = {}): WorkerLease {
  const holder = options.holder ?? deps.ids.next('holder');
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_MS;
  return {
    name,
    holder,
    async acquire() {
      const now = deps.clock.now();
      const until = new Date(now.getTime() + ttlMs);
      const rows = await queryRows<{ holder: string }>(
        deps.db,
        sql`insert into worker_leases (name, holder, expires_at) values (${name}, ${holder}, ${until.toISOString()}::timestamptz)
            on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
            where worker_leases.holder = excluded.holder or worker_leases.expires_at <= ${now.toISOString()}::timestamptz
            returning holder`,
      );
      return rows.length === 1;
    },
    async release() {
      await deps.db.execute(sql`delete from worker_leases where name = ${name} and holder = ${holder}`);
    },
  };
}

import { sql } from 'drizzle-orm';
import type { Deps } from '../core/lib/deps.ts';
import { loadLicenses } from './load.ts';
import { licenseStatus } from './status.ts';
import { setLicenseStatus } from './transition.ts';

export interface SweepResult {
  suspended: number;
  expired: number;
}

/**
 * Writes what time alone changed: licenses whose subscription's past-due
 * grace ended (-> suspended) and licenses past their `validFor` (-> expired),
 * each with its hook, in a transaction per license. Reads never wait for it
 * (they decide the status as of now); it makes the hooks fire. Safe on any
 * number of nodes at once: each change is a compare-and-set.
 */
export async function sweepLicenses(deps: Deps, options: { batch?: number } = {}): Promise<SweepResult> {
  const now = deps.clock.now();
  const batch = options.batch ?? 200;
  const result: SweepResult = { suspended: 0, expired: 0 };
  for (;;) {
    const due = await loadLicensesDue(deps, now, batch);
    let changed = 0;
    for (const loaded of due) {
      const verdict = licenseStatus(deps.config, loaded.license, loaded.facts, now);
      const written = await deps.db.transaction((tx) => setLicenseStatus({ ...deps, db: tx }, loaded.license, verdict));
      if (!written) continue;
      changed++;
      if (written.status === 'suspended') result.suspended++;
      if (written.status === 'expired') result.expired++;
    }
    // A full batch in which something changed may have more behind it; otherwise the rest was decided by others.
    if (due.length < batch || changed === 0) return result;
  }
}

/**
 * Live licenses time has changed: past their expiry, or active on a past-due
 * subscription whose grace (counted as the entitlements count it) is over.
 */
function loadLicensesDue(deps: Deps, now: Date, limit: number) {
  const graceDays = deps.config.entitlements?.pastDueGraceDays ?? 7;
  const at = now.toISOString();
  return loadLicenses(deps.db, {
    limit,
    where: sql`l.status in ('active', 'suspended') and (l.expires_at <= ${at}::timestamptz
      or (l.status = 'active' and s.status = 'past_due'
        and coalesce(s.past_due_since, s.current_period_start) + make_interval(days => ${graceDays}::int) <= ${at}::timestamptz))`,
  });
}

import { and, eq, sql } from 'drizzle-orm';
import { licenses } from '../core/db/schema/licenses.ts';
import { enqueueHooks } from '../notify/hooks/enqueue.ts';
import type { HookDraft } from '../notify/hooks/types.ts';
import type { Deps } from '../core/lib/deps.ts';
import { type LicenseRow, licenseSnapshot } from './row.ts';
import type { LicenseStatus, StatusVerdict } from './status.ts';

const HOOK_OF: Record<LicenseStatus, 'license.restored' | 'license.suspended' | 'license.revoked' | 'license.expired'> = {
  active: 'license.restored',
  suspended: 'license.suspended',
  revoked: 'license.revoked',
  expired: 'license.expired',
};

/**
 * Moves a license to `next` (suspend, restore, revoke, expire) and writes
 * the hook (`license.suspended` ...) in the caller's transaction. The update
 * is a compare-and-set on the status the caller read, so two writers that
 * decide the same change (the sweep on two nodes, a webhook and the sweep)
 * make it once, and the hook fires once. A change of reason alone
 * (past-due -> unpaid, both suspended) is written without a hook. Returns the
 * row as written, or null when nothing changed (or another writer got there first).
 */
export async function setLicenseStatus(deps: Deps, row: LicenseRow, next: StatusVerdict, eventId: string | null = null): Promise<LicenseRow | null> {
  if (row.status === next.status && row.statusReason === next.reason) return null;
  const now = deps.clock.now();
  const [updated] = await deps.db
    .update(licenses)
    .set({ status: next.status, statusReason: next.reason, updatedAt: now, ...(row.status !== next.status ? { statusChangedAt: now } : {}) })
    .where(and(eq(licenses.id, row.id), eq(licenses.status, row.status), sql`${licenses.statusReason} is not distinct from ${row.statusReason}`))
    .returning();
  if (!updated || row.status === next.status) return updated ?? null;
  const draft: HookDraft = {
    type: HOOK_OF[next.status],
    objectId: updated.id,
    stripeCustomerId: updated.stripeCustomerId,
    payload: { license: licenseSnapshot(updated), previousStatus: row.status },
  };
  await enqueueHooks(deps, [draft], eventId);
  return updated;
}

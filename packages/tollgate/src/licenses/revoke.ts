import type { Deps } from '../core/lib/deps.ts';
import { ok, type Result } from '../core/lib/result.ts';
import { changeLicenseStatus } from './operator-change.ts';
import type { LicenseView } from './view.ts';

/**
 * An operator revokes a license (fraud, a chargeback handled by hand): it
 * stops validating at once and, offline, when the app's lease runs out; the
 * `license.revoked` hook fires. Billing never brings it back; only
 * `restoreLicense` does. Revoking a revoked license answers it unchanged.
 */
export async function revokeLicense(deps: Deps, input: { id: string }): Promise<Result<LicenseView>> {
  return changeLicenseStatus(deps, input.id, 'revoked', (current) =>
    ok(current.status === 'revoked' ? null : { status: 'revoked' as const, reason: 'operator' as const }),
  );
}

import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { changeLicenseStatus } from './operator-change.ts';
import { licenseStatus } from './status.ts';
import type { LicenseView } from './view.ts';

/**
 * An operator undoes their own revocation: the license takes the status
 * billing gives it now (active, or suspended while its subscription is past
 * its grace), with the hook for that change. A license that billing ended
 * (subscription ended, purchase refunded) or that expired is not
 * restorable (`license_not_restorable`): billing decides those. Restoring a
 * license that is not revoked answers it unchanged.
 */
export async function restoreLicense(deps: Deps, input: { id: string }): Promise<Result<LicenseView>> {
  return changeLicenseStatus(deps, input.id, 'restored', (current, loaded, now) => {
    if (current.status !== 'revoked') return ok(null);
    if (current.reason !== 'operator')
      return err(appError('license_not_restorable', `the license was revoked by billing (${current.reason ?? 'unknown'}), not by an operator`, 'id'));
    // What billing (and time) say once the operator's revocation is set aside.
    const verdict = licenseStatus(deps.config, { ...loaded.license, status: 'active', statusReason: null }, loaded.facts, now);
    if (verdict.status === 'revoked' || verdict.status === 'expired')
      return err(appError('license_not_restorable', `billing says ${verdict.status}${verdict.reason ? ` (${verdict.reason})` : ''}`, 'id'));
    return ok(verdict);
  });
}

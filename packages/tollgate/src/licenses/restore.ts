import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { loadLicenseById } from './load.ts';
import { licenseStatus } from './status.ts';
import { setLicenseStatus } from './transition.ts';
import { type LicenseView, licenseView } from './view.ts';

/**
 * An operator undoes their own revocation: the license takes the status
 * billing gives it now (active, or suspended while its subscription is past
 * its grace), with the hook for that change. A license that billing ended
 * (subscription ended, purchase refunded) or that expired is not
 * restorable (`license_not_restorable`): billing decides those. Restoring a
 * license that is not revoked answers it unchanged.
 */
export async function restoreLicense(deps: Deps, input: { id: string }): Promise<Result<LicenseView>> {
  return deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    const loaded = await loadLicenseById(tx, input.id);
    if (!loaded) return err(appError('license_not_found', `no license "${input.id}"`, 'id'));
    const now = deps.clock.now();
    const current = licenseStatus(deps.config, loaded.license, loaded.facts, now);
    if (current.status !== 'revoked') return ok(licenseView(loaded, current, true));
    if (current.reason !== 'operator')
      return err(appError('license_not_restorable', `the license was revoked by billing (${current.reason ?? 'unknown'}), not by an operator`, 'id'));
    // What billing (and time) say once the operator's revocation is set aside.
    const verdict = licenseStatus(deps.config, { ...loaded.license, status: 'active', statusReason: null }, loaded.facts, now);
    if (verdict.status === 'revoked' || verdict.status === 'expired')
      return err(appError('license_not_restorable', `billing says ${verdict.status}${verdict.reason ? ` (${verdict.reason})` : ''}`, 'id'));
    const written = await setLicenseStatus(d, loaded.license, verdict);
    if (!written) return err(appError('conflict', 'the license changed while it was being restored: try again', 'id'));
    return ok(licenseView({ ...loaded, license: written }, verdict, true));
  });
}

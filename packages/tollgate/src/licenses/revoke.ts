import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { loadLicenseById } from './load.ts';
import { licenseStatus } from './status.ts';
import { setLicenseStatus } from './transition.ts';
import { type LicenseView, licenseView } from './view.ts';

/**
 * An operator revokes a license (fraud, a chargeback handled by hand): it
 * stops validating at once and, offline, when the app's lease runs out; the
 * `license.revoked` hook fires. Billing never brings it back; only
 * `restoreLicense` does. Revoking a revoked license answers it unchanged.
 */
export async function revokeLicense(deps: Deps, input: { id: string }): Promise<Result<LicenseView>> {
  return deps.db.transaction(async (tx) => {
    const d = { ...deps, db: tx };
    const loaded = await loadLicenseById(tx, input.id);
    if (!loaded) return err(appError('license_not_found', `no license "${input.id}"`, 'id'));
    const now = deps.clock.now();
    const current = licenseStatus(deps.config, loaded.license, loaded.facts, now);
    if (current.status === 'revoked') return ok(licenseView(loaded, current, true));
    const verdict = { status: 'revoked' as const, reason: 'operator' as const };
    const written = await setLicenseStatus(d, loaded.license, verdict);
    if (!written) return err(appError('conflict', 'the license changed while it was being revoked: try again', 'id'));
    return ok(licenseView({ ...loaded, license: written }, verdict, true));
  });
}

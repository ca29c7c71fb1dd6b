import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { loadLicenseById, type LoadedLicense } from './load.ts';
import type { LicenseRow } from './row.ts';
import { licenseStatus, type StatusVerdict } from './status.ts';
import { setLicenseStatus } from './transition.ts';
import { type LicenseView, licenseView } from './view.ts';

/**
 * An operator's change to one license's status (revoke, restore), in one
 * transaction: the license loaded (`license_not_found` naming `id`) with its
 * status now; `decide` answers the new status, `null` to answer the license
 * unchanged, or a refusal. A license another writer changed meanwhile is a
 * `conflict` (`verb`: what was being done, for its message).
 */
export async function changeLicenseStatus(
  deps: Deps,
  id: string,
  verb: string,
  decide: (current: StatusVerdict, loaded: LoadedLicense<LicenseRow>, now: Date) => Result<StatusVerdict | null>,
): Promise<Result<LicenseView>> {
  return deps.db.transaction(async (tx) => {
    const loaded = await loadLicenseById(tx, id);
    if (!loaded) return err(appError('license_not_found', `no license "${id}"`, 'id'));
    const now = deps.clock.now();
    const current = licenseStatus(deps.config, loaded.license, loaded.facts, now);
    const decided = decide(current, loaded, now);
    if (!decided.ok) return decided;
    const verdict = decided.value;
    if (verdict === null) return ok(licenseView(loaded, current, true));
    const written = await setLicenseStatus({ ...deps, db: tx }, loaded.license, verdict);
    if (!written) return err(appError('conflict', `the license changed while it was being ${verb}: try again`, 'id'));
    return ok(licenseView({ ...loaded, license: written }, verdict, true));
  });
}

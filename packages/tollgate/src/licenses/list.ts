import { asc, eq } from 'drizzle-orm';
import { licenseActivations } from '../core/db/schema/license-activations.ts';
import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { type Activation, activationOf } from './activate.ts';
import { loadLicenseById, loadLicenses } from './load.ts';
import { licenseStatus } from './status.ts';
import { type LicenseView, licenseView } from './view.ts';

/**
 * Licenses, newest first, with their status as of now: all of them (the
 * operator), or one customer's (`customer`: the app's id; the customer's own
 * account page reads these with a customer token). `status` filters on the
 * status as last written.
 */
export async function listLicenses(deps: Deps, input: { customer?: string; status?: string; limit?: number } = {}): Promise<LicenseView[]> {
  const rows = await loadLicenses(deps.db, { externalId: input.customer, status: input.status, limit: input.limit ?? 20 });
  const now = deps.clock.now();
  return rows.map((loaded) => licenseView(loaded, licenseStatus(deps.config, loaded.license, loaded.facts, now), true));
}

/** One license by id, with its activations. */
export async function getLicense(deps: Deps, input: { id: string }): Promise<Result<LicenseView & { activationList: Activation[] }>> {
  const loaded = await loadLicenseById(deps.db, input.id);
  if (!loaded) return err(appError('license_not_found', `no license "${input.id}"`, 'id'));
  const activations = await deps.db
    .select()
    .from(licenseActivations)
    .where(eq(licenseActivations.licenseId, input.id))
    .orderBy(asc(licenseActivations.createdAt));
  const view = licenseView(loaded, licenseStatus(deps.config, loaded.license, loaded.facts, deps.clock.now()), true);
  return ok({ ...view, activationList: activations.map(activationOf) });
}

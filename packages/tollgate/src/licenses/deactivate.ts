import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { licenseActivations } from '../core/db/schema/license-activations.ts';
import type { Deps } from '../core/lib/deps.ts';
import { operation } from '../core/lib/parse-input.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { loadLicenseByKey } from './load.ts';
import { licenseStatus } from './status.ts';
import { licenseInstance, licenseKey, licenseNotFound } from './validate.ts';
import { type LicenseView, licenseView } from './view.ts';

export const deactivateLicenseInput = z.object({ key: licenseKey(), instance: licenseInstance() });
export type DeactivateLicenseInput = z.input<typeof deactivateLicenseInput>;

/**
 * Frees an instance's activation (under the license's lock, like
 * activation). Whatever the license's status, so a suspended or revoked
 * license can still be moved off a machine. Deactivating an instance that is
 * not activated answers `deactivated: false` (a retry after success).
 */
export const deactivateLicense = operation(
  deactivateLicenseInput,
  async (deps: Deps, input): Promise<Result<{ deactivated: boolean; license: LicenseView }>> => {
    return deps.db.transaction(async (tx) => {
      const loaded = await loadLicenseByKey(tx, input.key, { instance: input.instance, lock: true });
      if (!loaded) return err(licenseNotFound());
      const removed = await tx
        .delete(licenseActivations)
        .where(and(eq(licenseActivations.licenseId, loaded.license.id), eq(licenseActivations.instance, input.instance)))
        .returning({ id: licenseActivations.id });
      const verdict = licenseStatus(deps.config, loaded.license, loaded.facts, deps.clock.now());
      const used = loaded.used - removed.length;
      return ok({ deactivated: removed.length > 0, license: licenseView({ ...loaded, used, activated: false }, verdict, false) });
    });
  },
);

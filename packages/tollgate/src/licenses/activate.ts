import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { LicenseActivationRow } from '../core/db/row-types.ts';
import { licenseActivations } from '../core/db/schema/license-activations.ts';
import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { text } from '../core/lib/input.ts';
import { operation } from '../core/lib/parse-input.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { loadLicenseByKey } from './load.ts';
import { licenseStatus } from './status.ts';
import { LICENSE_INPUT, licenseInstance, licenseKey, licenseNotFound } from './validate.ts';
import { type LicenseView, licenseView } from './view.ts';

export const activateLicenseInput = z.object({
  key: licenseKey(),
  /** The instance's own id (a machine fingerprint): activating it again answers the same activation. */
  instance: licenseInstance(),
  /** A label people read. */
  name: text(LICENSE_INPUT.name, 0).optional().describe('A label people read'),
});
export type ActivateLicenseInput = z.input<typeof activateLicenseInput>;

export interface Activation {
  id: string;
  instance: string;
  name: string | null;
  createdAt: Date;
}

/**
 * Activates an instance on a license, refused (`too_many_activations`) once
 * the license's limit is reached and (`license_inactive`) unless it is
 * active. Race-free: the license row is locked first (`for update`), and the
 * count and insert run after the lock in statements of their own (so they
 * see every activation committed while this one waited), on any number of
 * nodes and processes: 50 concurrent activations against a limit of 3 make
 * exactly 3.
 */
export const activateLicense = operation(
  activateLicenseInput,
  async (deps: Deps, input): Promise<Result<{ activation: Activation; created: boolean; license: LicenseView }>> => {
    return deps.db.transaction(async (tx) => {
      const loaded = await loadLicenseByKey(tx, input.key, { instance: input.instance, lock: true });
      if (!loaded) return err(licenseNotFound());
      const verdict = licenseStatus(deps.config, loaded.license, loaded.facts, deps.clock.now());
      if (verdict.status !== 'active')
        return err(
          appError('license_inactive', `the license is ${verdict.status}${verdict.reason ? ` (${verdict.reason})` : ''}`, 'key', {
            status: verdict.status,
            reason: verdict.reason,
          }),
        );
      const licenseId = loaded.license.id;
      const [existing] = await tx
        .select()
        .from(licenseActivations)
        .where(and(eq(licenseActivations.licenseId, licenseId), eq(licenseActivations.instance, input.instance)));
      if (existing) return ok({ activation: activationOf(existing), created: false, license: licenseView(loaded, verdict, false) });
      const [counted] = await tx.select({ n: count() }).from(licenseActivations).where(eq(licenseActivations.licenseId, licenseId));
      const used = Number(counted?.n ?? 0);
      const limit = loaded.license.activationLimit;
      if (used >= limit) {
        return err(
          appError(
            'too_many_activations',
            `the license allows ${limit} activation${limit === 1 ? '' : 's'} and has ${used}: deactivate one first`,
            'instance',
            {
              used,
              limit,
            },
          ),
        );
      }
      const [row] = await tx
        .insert(licenseActivations)
        .values({ id: deps.ids.next('lac'), licenseId, instance: input.instance, name: input.name ?? null, createdAt: deps.clock.now() })
        .returning();
      if (!row) throw new Error('license_activations: insert returned nothing');
      return ok({ activation: activationOf(row), created: true, license: licenseView({ ...loaded, used: used + 1, activated: true }, verdict, false) });
    });
  },
);

export function activationOf(row: LicenseActivationRow): Activation {
  return { id: row.id, instance: row.instance, name: row.name, createdAt: row.createdAt };
}

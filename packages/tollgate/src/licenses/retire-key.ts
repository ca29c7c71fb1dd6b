import { and, eq } from 'drizzle-orm';
import { licenseSigningKeys } from '../core/db/schema/license-signing-keys.ts';
import type { Deps } from '../core/lib/deps.ts';
import { appError } from '../core/lib/errors.ts';
import { err, ok, type Result } from '../core/lib/result.ts';
import { type SigningKeyView, signingKeyView } from './signing-key.ts';

/**
 * Retires a key that no longer signs: it leaves the published keys, so what
 * it signed stops verifying offline (online validation does not depend on
 * it: the license key itself is looked up). The active key cannot be
 * retired: rotate first. Retiring a retired key answers it again.
 */
export async function retireSigningKey(deps: Pick<Deps, 'db' | 'clock'>, input: { kid: string }): Promise<Result<SigningKeyView>> {
  const [row] = await deps.db.select().from(licenseSigningKeys).where(eq(licenseSigningKeys.id, input.kid));
  if (!row) return err(appError('not_found', `no license signing key "${input.kid}"`, 'kid'));
  if (row.status === 'active') return err(appError('conflict', `key ${input.kid} signs now: rotate first, then retire it`, 'kid'));
  if (row.status === 'retired') return ok(signingKeyView(row));
  const [retired] = await deps.db
    .update(licenseSigningKeys)
    .set({ status: 'retired', retiredAt: deps.clock.now() })
    .where(and(eq(licenseSigningKeys.id, input.kid), eq(licenseSigningKeys.status, 'verifying')))
    .returning();
  return ok(signingKeyView(retired ?? row));
}

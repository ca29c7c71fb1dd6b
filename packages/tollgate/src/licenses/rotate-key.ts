import { eq } from 'drizzle-orm';
import { licenseSigningKeys } from '../core/db/schema/license-signing-keys.ts';
import type { Deps } from '../core/lib/deps.ts';
import { ok, type Result } from '../core/lib/result.ts';
import { loadSealer } from './seal.ts';
import { forgetCurrentSigningKey, newSigningKeyRow, type SigningKeyView, signingKeyView } from './signing-key.ts';

/**
 * Rotation: a new key signs from now on; the one that signed until now turns
 * `verifying` (its public key stays published, so every license key and lease
 * it signed still verifies) until `retireSigningKey`. Apps add the new public
 * key (GET licenses/keys) before the old one is retired. Two rotations at once
 * make one new key (the loser answers the winner's).
 */
export async function rotateSigningKey(
  deps: Pick<Deps, 'db' | 'ids' | 'clock' | 'config'>,
): Promise<Result<{ active: SigningKeyView; previous: string | null }>> {
  const sealer = await loadSealer(deps);
  const result = await deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const demoted = await tx
      .update(licenseSigningKeys)
      .set({ status: 'verifying', rotatedAt: now })
      .where(eq(licenseSigningKeys.status, 'active'))
      .returning({ id: licenseSigningKeys.id });
    await tx
      .insert(licenseSigningKeys)
      .values(newSigningKeyRow({ ids: deps.ids, clock: deps.clock }, sealer))
      .onConflictDoNothing();
    const [active] = await tx.select().from(licenseSigningKeys).where(eq(licenseSigningKeys.status, 'active'));
    if (!active) throw new Error('license_signing_keys: no active key after rotation');
    return { active: signingKeyView(active), previous: demoted[0]?.id ?? null };
  });
  forgetCurrentSigningKey(deps.db);
  return ok(result);
}

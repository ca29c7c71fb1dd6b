import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { serverSecrets } from '../core/db/schema/server-secrets.ts';
import type { Deps } from '../core/lib/deps.ts';

/** Encrypts signing keys at rest (AES-256-GCM). `id` names the secret (a short hash), stored beside what it sealed. */
export interface Sealer {
  id: string;
  seal(plain: Buffer): string;
  /** The plain bytes, or null when `sealed` was not sealed by this secret (or was altered). */
  open(sealed: string): Buffer | null;
}

const SECRET_NAME = 'license_key_secret';

export function sealerFor(secret: string): Sealer {
  const key = createHash('sha256').update(`tollgate-license-keys:aes:${secret}`).digest();
  const id = createHash('sha256').update(`tollgate-license-keys:id:${secret}`).digest('hex').slice(0, 12);
  return {
    id,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length < 29) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
      } catch {
        return null;
      }
    },
  };
}

/**
 * The sealer for this deployment: the config's `licenses.keySecret` (set it
 * from the environment to keep it out of the database), else a secret
 * generated once into `server_secrets`, shared by every node.
 */
export async function loadSealer(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<Sealer> {
  const configured = deps.config.licenses?.keySecret;
  if (configured) return sealerFor(configured);
  await deps.db
    .insert(serverSecrets)
    .values({ name: SECRET_NAME, value: randomBytes(32).toString('base64url'), createdAt: deps.clock.now() })
    .onConflictDoNothing();
  const [row] = await deps.db.select().from(serverSecrets).where(eq(serverSecrets.name, SECRET_NAME));
  if (!row) throw new Error(`server_secrets: ${SECRET_NAME} missing after insert`);
  return sealerFor(row.value);
}

import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { sql } from 'drizzle-orm';

/**
 * Ed25519 keys that sign license keys and leases (licenses/keys.ts). One is
 * `active` (it signs); after a rotation the old ones are `verifying` (their
 * public keys are still published, so what they signed still verifies)
 * until an operator retires them (`retired`: no longer published). The
 * private key is stored encrypted (AES-256-GCM under the config's
 * `licenses.keySecret`, else a secret kept in `server_secrets`) and never
 * leaves the engine; only public keys are ever returned.
 */
export const licenseSigningKeys = pgTable(
  'license_signing_keys',
  {
    /** The key id (`lsk_...`), carried in every token it signs. */
    id: text('id').primaryKey(),
    algorithm: text('algorithm').notNull(),
    /** The raw 32-byte Ed25519 public key, base64url. */
    publicKey: text('public_key').notNull(),
    /** The PKCS#8 private key, AES-256-GCM encrypted: base64url(iv | tag | ciphertext). */
    privateKey: text('private_key').notNull(),
    /** Which encryption secret sealed it (a short hash), so a changed secret is noticed, not misread. */
    sealedWith: text('sealed_with').notNull(),
    /** `active` | `verifying` | `retired`. */
    status: text('status').notNull(),
    ...createdAt(),
    /** When a newer key took over signing. */
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('license_signing_keys_one_active_idx')
      .on(t.status)
      .where(sql`status = 'active'`),
  ],
);

import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../../core/db/schema/api-keys.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { ApiKeyInfo } from './key-info.ts';
import { forgetApiKey } from './key-store.ts';

type KeyDeps = Pick<Deps, 'db' | 'clock' | 'ids'>;

export const SECRET_KEY_PREFIX = 'tg_sk_';
const SECRET_KEY_SHAPE = /^tg_sk_[A-Za-z0-9_-]{20,100}$/;

export type { ApiKeyInfo } from './key-info.ts';

export interface CreatedApiKey extends ApiKeyInfo {
  /** The secret itself: shown once, never stored. */
  key: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isSecretKeyShaped(value: string): boolean {
  return SECRET_KEY_SHAPE.test(value);
}

function info(row: typeof apiKeys.$inferSelect): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

/** Creates a secret API key. `key` may be given (TOLLGATE_API_KEY in dev); otherwise it is random. */
export async function createApiKey(deps: KeyDeps, input: { name: string; key?: string }): Promise<Result<CreatedApiKey>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return err(appError('validation_failed', 'name must be 1 to 100 characters', 'name'));
  const key = input.key ?? `${SECRET_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  if (!isSecretKeyShaped(key)) {
    return err(appError('validation_failed', 'a secret key looks like tg_sk_ followed by 20 to 100 letters, digits, - or _', 'key'));
  }
  const row = {
    id: deps.ids.next('key'),
    name,
    prefix: key.slice(0, SECRET_KEY_PREFIX.length + 6),
    hash: hashApiKey(key),
    createdAt: deps.clock.now(),
  };
  const inserted = await deps.db.insert(apiKeys).values(row).onConflictDoNothing().returning();
  const created = inserted[0];
  if (!created) return err(appError('conflict', 'this key already exists', 'key'));
  return ok({ ...info(created), key });
}

/** Makes sure a known key exists and is active (dev's TOLLGATE_API_KEY). */
export async function ensureApiKey(deps: KeyDeps, input: { name: string; key: string }): Promise<Result<ApiKeyInfo>> {
  const created = await createApiKey(deps, input);
  if (created.ok) return ok(created.value);
  if (created.error.code !== 'conflict') return created;
  const [row] = await deps.db
    .update(apiKeys)
    .set({ revokedAt: null })
    .where(eq(apiKeys.hash, hashApiKey(input.key)))
    .returning();
  return row ? ok(info(row)) : created;
}

export async function listApiKeys(deps: KeyDeps, input: { includeRevoked?: boolean } = {}): Promise<ApiKeyInfo[]> {
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(input.includeRevoked ? undefined : isNull(apiKeys.revokedAt))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
  return rows.map(info);
}

export async function revokeApiKey(deps: KeyDeps, input: { id: string }): Promise<Result<ApiKeyInfo>> {
  const [row] = await deps.db
    .update(apiKeys)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(apiKeys.id, input.id), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) {
    forgetApiKey(deps.db, row.hash);
    return ok(info(row));
  }
  const [existing] = await deps.db.select().from(apiKeys).where(eq(apiKeys.id, input.id));
  if (existing) {
    forgetApiKey(deps.db, existing.hash);
    return ok(info(existing));
  }
  return err(appError('not_found', `no API key ${input.id}`, 'id'));
}

/**
 * Finds the active key a presented secret belongs to, asking the database.
 * The server verifies through `createApiKeyVerifier` (key-cache.ts), which
 * remembers valid keys for a few seconds.
 */
export function verifyApiKey(deps: Pick<Deps, 'db'>, key: string): Promise<Result<ApiKeyInfo>> {
  return lookupApiKey(deps, key);
}

/** One read of the key by its hash (`hash` when the caller already computed it). */
export async function lookupApiKey(deps: Pick<Deps, 'db'>, key: string, hash?: string): Promise<Result<ApiKeyInfo>> {
  if (!isSecretKeyShaped(key)) return err(appError('unauthenticated', 'malformed secret API key'));
  const [row] = await deps.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.hash, hash ?? hashApiKey(key)));
  if (!row) return err(appError('unauthenticated', 'unknown secret API key'));
  if (row.revokedAt) return err(appError('unauthenticated', 'this API key has been revoked'));
  return ok(info(row));
}

import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { adminSessions } from '../../core/db/schema/admin-sessions.ts';
import { apiKeys } from '../../core/db/schema/api-keys.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { hashApiKey, lookupApiKey } from './keys.ts';

/** Dashboard session tokens (the cookie's value; only their SHA-256 is stored). */
export const ADMIN_SESSION_PREFIX = 'tg_as_';
/** Default session life: 8 hours (TOLLGATE_ADMIN_SESSION_HOURS). */
export const DEFAULT_SESSION_HOURS = 8;

export interface AdminSession {
  id: string;
  apiKeyId: string;
  /** The token a page echoes in `x-tollgate-csrf` on every change. */
  csrf: string;
  expiresAt: Date;
}

const token = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Exchanges a secret key for a session: the token goes in an HttpOnly cookie, never to page scripts. */
export async function startAdminSession(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: { key: string; hours?: number },
): Promise<Result<AdminSession & { token: string }>> {
  const key = await lookupApiKey(deps, input.key.trim());
  if (!key.ok) return err(appError('unauthenticated', 'that key was not accepted: use a secret key (tg_sk_...) that is not revoked', 'key'));
  const now = deps.clock.now();
  // Expired sessions are removed as new ones start: the table stays small without a sweep.
  await deps.db.delete(adminSessions).where(lt(adminSessions.expiresAt, now));
  const session = {
    id: deps.ids.next('as'),
    apiKeyId: key.value.id,
    csrf: randomBytes(24).toString('base64url'),
    expiresAt: new Date(now.getTime() + (input.hours ?? DEFAULT_SESSION_HOURS) * 3_600_000),
  };
  const secret = token(ADMIN_SESSION_PREFIX);
  await deps.db.insert(adminSessions).values({ ...session, hash: hashApiKey(secret), createdAt: now });
  return ok({ ...session, token: secret });
}

/** The live session a token belongs to (unexpired, its key not revoked), or an `unauthenticated` error. */
export async function findAdminSession(deps: Pick<Deps, 'db' | 'clock'>, input: { token: string }): Promise<Result<AdminSession>> {
  if (!input.token.startsWith(ADMIN_SESSION_PREFIX)) return err(appError('unauthenticated', 'not signed in'));
  const [row] = await deps.db
    .select({ id: adminSessions.id, apiKeyId: adminSessions.apiKeyId, csrf: adminSessions.csrf, expiresAt: adminSessions.expiresAt })
    .from(adminSessions)
    .innerJoin(apiKeys, and(eq(apiKeys.id, adminSessions.apiKeyId), isNull(apiKeys.revokedAt)))
    .where(and(eq(adminSessions.hash, hashApiKey(input.token)), gt(adminSessions.expiresAt, deps.clock.now())))
    .limit(1);
  // A revoked key ends its sessions too.
  if (!row) return err(appError('unauthenticated', 'the session has ended: sign in again'));
  return ok({ id: row.id, apiKeyId: row.apiKeyId, csrf: row.csrf, expiresAt: row.expiresAt });
}

/** Signs out: the session's row is deleted. */
export async function endAdminSession(deps: Pick<Deps, 'db'>, input: { token: string }): Promise<void> {
  await deps.db.delete(adminSessions).where(eq(adminSessions.hash, hashApiKey(input.token)));
}

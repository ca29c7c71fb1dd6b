import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { serverSecrets } from '../../core/db/schema/server-secrets.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/**
 * Customer-scoped tokens for browsers: `tg_ct_<payload>.<signature>`, where the
 * payload is base64url JSON `{ c: customer, iat, exp }` (unix seconds) and the
 * signature is base64url HMAC-SHA256 of the payload text with the server's
 * token secret. Such a token can only ever see and change its one customer.
 */
export const CUSTOMER_TOKEN_PREFIX = 'tg_ct_';
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const MAX_TOKEN_TTL_SECONDS = 86_400;

export interface CustomerToken {
  token: string;
  customer: string;
  expiresAt: Date;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function mintCustomerToken(secret: string, input: { customer: string; now: Date; ttlSeconds?: number }): CustomerToken {
  const iat = Math.floor(input.now.getTime() / 1000);
  const exp = iat + (input.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const payload = Buffer.from(JSON.stringify({ c: input.customer, iat, exp })).toString('base64url');
  return { token: `${CUSTOMER_TOKEN_PREFIX}${payload}.${sign(secret, payload)}`, customer: input.customer, expiresAt: new Date(exp * 1000) };
}

export function verifyCustomerToken(secret: string, token: string, now: Date): Result<{ customer: string; expiresAt: Date }> {
  const malformed = err(appError('unauthenticated', 'malformed customer token'));
  if (!token.startsWith(CUSTOMER_TOKEN_PREFIX)) return malformed;
  const [payload, signature, extra] = token.slice(CUSTOMER_TOKEN_PREFIX.length).split('.');
  if (!payload || !signature || extra !== undefined) return malformed;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return err(appError('unauthenticated', 'customer token signature does not verify'));
  }
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return malformed;
  }
  const { c, exp } = (claims ?? {}) as { c?: unknown; exp?: unknown };
  if (typeof c !== 'string' || typeof exp !== 'number') return malformed;
  if (exp * 1000 <= now.getTime()) return err(appError('unauthenticated', 'customer token has expired'));
  return ok({ customer: c, expiresAt: new Date(exp * 1000) });
}

/**
 * The key that signs customer tokens: TOLLGATE_TOKEN_SECRET when the operator
 * sets one, otherwise generated once and kept in the database so every node
 * on it agrees.
 */
export async function loadTokenSecret(deps: Pick<Deps, 'db' | 'clock'>, fromEnv?: string): Promise<string> {
  if (fromEnv && fromEnv.length > 0) return fromEnv;
  await deps.db
    .insert(serverSecrets)
    .values({ name: 'customer_token_key', value: randomBytes(32).toString('base64url'), createdAt: deps.clock.now() })
    .onConflictDoNothing();
  const [row] = await deps.db.select().from(serverSecrets).where(eq(serverSecrets.name, 'customer_token_key'));
  if (!row) throw new Error('server_secrets: customer_token_key missing after insert');
  return row.value;
}

import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { ADMIN_SESSION_PREFIX, findAdminSession } from './admin-sessions.ts';
import { createApiKeyVerifier } from './key-cache.ts';
import { isSecretKeyShaped, SECRET_KEY_PREFIX } from './keys.ts';
import { CUSTOMER_TOKEN_PREFIX, verifyCustomerToken } from './tokens.ts';

/**
 * Who is calling. A secret key acts for any customer it names (and may use
 * admin routes); a customer token, or an app's hook that pins a customer, acts
 * for that one customer only.
 */
export interface Principal {
  /** `anonymous`: a public route, no credential read. */
  kind: 'secret_key' | 'customer_token' | 'app' | 'anonymous';
  /** Stable id for rate limiting and logs (never the secret itself). */
  id: string;
  /** Set when the credential is bound to one customer. */
  customer?: string;
  /** May call admin routes and act for any customer. */
  admin: boolean;
}

/**
 * Library mode: the app authenticates its own request (its session cookie, say).
 * Return the principal, or null when the request is not signed in.
 */
export type AuthenticateHook = (request: Request) => Promise<AppPrincipal | null> | AppPrincipal | null;
export interface AppPrincipal {
  /** The app's own id for the customer this request acts for. */
  customer?: string;
  admin?: boolean;
  id?: string;
}

/** What authentication reads of a request: its Authorization header, and the whole Request for an app's hook. */
export interface Credentials {
  authorization: string | undefined;
  request(): Request;
}

export interface Authenticator {
  /** Whether an app's hook decides (it needs the web Request; keys and tokens need only the header). */
  readonly usesHook: boolean;
  authenticate(credentials: Credentials): Promise<Result<Principal>>;
}

export function bearer(header: string | undefined): Result<string> {
  if (header === undefined || header.trim() === '') {
    return err(appError('unauthenticated', 'missing credential: send Authorization: Bearer <secret key or customer token>'));
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) return err(appError('unauthenticated', 'malformed Authorization header: expected "Bearer <credential>"'));
  return ok(match[1]);
}

/** Secret keys and customer tokens (the standalone server), or the app's hook. */
export function createAuthenticator(
  deps: Pick<Deps, 'db' | 'clock'>,
  options: {
    tokenSecret: () => Promise<string>;
    hook?: AuthenticateHook | undefined;
    /** How long a verified secret key is trusted before the database is asked again (default 5; 0 = every request). */
    keyCacheSeconds?: number | undefined;
  },
): Authenticator {
  const keys = createApiKeyVerifier(deps, { ttlSeconds: options.keyCacheSeconds });
  return {
    usesHook: options.hook !== undefined,
    async authenticate(credentials) {
      if (options.hook) {
        const principal = await options.hook(credentials.request());
        if (!principal) return err(appError('unauthenticated', 'not signed in'));
        const out: Principal = { kind: 'app', id: principal.id ?? `app:${principal.customer ?? 'admin'}`, admin: principal.admin ?? false };
        if (principal.customer !== undefined) out.customer = principal.customer;
        return ok(out);
      }
      const credential = bearer(credentials.authorization);
      if (!credential.ok) return credential;
      const value = credential.value;
      if (value.startsWith(SECRET_KEY_PREFIX) || isSecretKeyShaped(value)) {
        const key = await keys.verify(value);
        if (!key.ok) return key;
        return ok({ kind: 'secret_key', id: key.value.id, admin: true });
      }
      // A dashboard session, forwarded by /admin (src/dashboard) after it checked the cookie and CSRF token.
      if (value.startsWith(ADMIN_SESSION_PREFIX)) {
        const session = await findAdminSession(deps, { token: value });
        if (!session.ok) return session;
        return ok({ kind: 'secret_key', id: session.value.apiKeyId, admin: true });
      }
      if (value.startsWith(CUSTOMER_TOKEN_PREFIX)) {
        const token = verifyCustomerToken(await options.tokenSecret(), value, deps.clock.now());
        if (!token.ok) return token;
        return ok({ kind: 'customer_token', id: `ct:${token.value.customer}`, customer: token.value.customer, admin: false });
      }
      return err(appError('unauthenticated', 'malformed credential: expected a tg_sk_ secret key or a tg_ct_ customer token'));
    },
  };
}

/**
 * The customer a request acts for: the one its credential is bound to, or the
 * one a secret key names. Naming another customer than the bound one is refused.
 */
export function resolveCustomer(principal: Principal, requested: string | undefined): Result<string> {
  if (principal.customer !== undefined) {
    if (requested !== undefined && requested !== principal.customer) {
      return err(appError('forbidden', 'this credential may only act for its own customer', 'customer'));
    }
    return ok(principal.customer);
  }
  if (requested === undefined || requested === '') {
    return err(appError('validation_failed', "customer is required (the app's id for the customer) with a secret key", 'customer'));
  }
  return ok(requested);
}

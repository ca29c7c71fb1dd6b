/*
 * `tollgate/license`: verifies Tollgate license keys and leases offline,
 * given the public key(s). Self-contained on purpose (no imports, no
 * dependencies): it needs only WebCrypto's Ed25519 (`globalThis.crypto.subtle`),
 * so the same module runs in Node 20+, browsers and edge runtimes.
 *
 * A token is `<kind>.<kid>.<payload>.<signature>`:
 * - kind: `tg_lic` (a license key) or `tg_lease` (a short-lived lease);
 * - kid: the id of the signing key (`lsk_...`);
 * - payload: base64url of the claims' JSON (see `LicenseClaims`);
 * - signature: base64url Ed25519 signature of the ASCII text `<kind>.<kid>.<payload>`.
 */

export const LICENSE_KIND = 'tg_lic';
export const LEASE_KIND = 'tg_lease';

export type TokenKind = 'license' | 'lease';

/** What a token says (unix seconds for times). */
export interface LicenseClaims {
  /** Format version: 1. */
  v: 1;
  /** The license id (`lic_...`). */
  lid: string;
  /** The app's id for the customer. */
  sub: string;
  /** The plan (subscription licenses) or one-time product (purchase licenses) that granted it. */
  plan: string | null;
  product: string | null;
  features: string[];
  /** Activation limit: instances that may be active at once. */
  act: number;
  /** Issued at. */
  iat: number;
  /** Expires at; null: no expiry of its own (a license that follows its subscription, or a perpetual one). */
  exp: number | null;
  /** Leases: the instance they were validated for, if any. */
  ins?: string | null;
}

export interface VerifiedLicense {
  kind: TokenKind;
  keyId: string;
  licenseId: string;
  customer: string;
  plan: string | null;
  product: string | null;
  features: string[];
  activationLimit: number;
  issuedAt: Date;
  expiresAt: Date | null;
  instance: string | null;
}

/** Why a token is refused. */
export type LicenseFailure = 'malformed' | 'wrong_kind' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired' | 'missing_feature';

export type LicenseVerification =
  { valid: true; license: VerifiedLicense } | { valid: false; reason: LicenseFailure; message: string; license?: VerifiedLicense };

/** One public key: as `GET /api/v1/billing/licenses/keys` lists them (`public_key`), or camelCase. */
export interface LicensePublicKey {
  kid: string;
  publicKey?: string;
  public_key?: string;
}

export type LicenseKeys = readonly LicensePublicKey[] | Readonly<Record<string, string>>;

export interface VerifyLicenseOptions {
  /** The public keys to trust: a list (`[{ kid, public_key }]`) or `{ [kid]: publicKey }`. */
  keys: LicenseKeys;
  /** The time to check against (default: now). */
  now?: Date | number;
  /** Accept only this kind of token (default: either). */
  kind?: TokenKind | 'any';
  /** Features the token must carry. */
  features?: readonly string[];
  /** Seconds a token's issue time may lie in the future (clocks differ; default 300). */
  clockToleranceSeconds?: number;
}

export interface LicenseVerifier {
  verify(token: string, options?: Omit<VerifyLicenseOptions, 'keys'>): Promise<LicenseVerification>;
}

const KINDS: Record<string, TokenKind> = { [LICENSE_KIND]: 'license', [LEASE_KIND]: 'lease' };
const MAX_TOKEN_LENGTH = 8192;
const MEMO_SIZE = 10_000;

function fail(reason: LicenseFailure, message: string, license?: VerifiedLicense): LicenseVerification {
  return license ? { valid: false, reason, message, license } : { valid: false, reason, message };
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseClaims(payload: string): LicenseClaims | null {
  const bytes = base64UrlBytes(payload);
  if (!bytes) return null;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  const ok =
    c.v === 1 &&
    isString(c.lid) &&
    isString(c.sub) &&
    (c.plan === null || isString(c.plan)) &&
    (c.product === null || isString(c.product)) &&
    Array.isArray(c.features) &&
    c.features.every(isString) &&
    isTime(c.act) &&
    isTime(c.iat) &&
    (c.exp === null || isTime(c.exp)) &&
    (c.ins === undefined || c.ins === null || isString(c.ins));
  return ok ? (value as LicenseClaims) : null;
}

function keyMap(keys: LicenseKeys): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(keys)) {
    for (const k of keys as readonly LicensePublicKey[]) {
      const value = k.publicKey ?? k.public_key;
      if (isString(k.kid) && isString(value)) map.set(k.kid, value);
    }
  } else {
    for (const [kid, value] of Object.entries(keys as Record<string, string>)) if (isString(value)) map.set(kid, value);
  }
  return map;
}

const imported = new Map<string, Promise<CryptoKey | null>>();

/** The WebCrypto key for a raw base64url Ed25519 public key (imported once); null when it is not one. */
function importKey(publicKey: string): Promise<CryptoKey | null> {
  let key = imported.get(publicKey);
  if (!key) {
    const raw = base64UrlBytes(publicKey);
    key =
      raw && raw.length === 32
        ? globalThis.crypto.subtle.importKey('raw', raw, { name: 'Ed25519' }, false, ['verify']).catch(() => null)
        : Promise.resolve(null);
    if (imported.size > 1000) imported.clear();
    imported.set(publicKey, key);
  }
  return key;
}

/**
 * Checks signature, kind, issue time, expiry and features. `memo` remembers
 * tokens whose signature verified (with the public key it verified under),
 * so checking the same key again costs a lookup, not an Ed25519 verification;
 * the time and feature checks run every time.
 */
async function check(token: string, options: VerifyLicenseOptions, keys: Map<string, string>, memo: Map<string, string>): Promise<LicenseVerification> {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) return fail('malformed', 'not a license token');
  const parts = token.trim().split('.');
  if (parts.length !== 4) return fail('malformed', 'a license token has four dot-separated parts');
  const [prefix = '', kid = '', payload = '', signature = ''] = parts;
  const kind = KINDS[prefix];
  if (!kind) return fail('malformed', `unknown token kind "${prefix.slice(0, 20)}" (expected ${LICENSE_KIND} or ${LEASE_KIND})`);
  const wanted = options.kind ?? 'any';
  if (wanted !== 'any' && wanted !== kind) return fail('wrong_kind', `expected a ${wanted}, got a ${kind}`);
  const publicKey = keys.get(kid);
  if (publicKey === undefined) return fail('unknown_key', `signed by key "${kid.slice(0, 40)}", which is not among the trusted public keys`);
  const claims = parseClaims(payload);
  if (!claims) return fail('malformed', 'the payload is not valid license claims');
  if (memo.get(token) !== publicKey) {
    const key = await importKey(publicKey);
    if (!key) return fail('unknown_key', `the public key for "${kid}" is not a raw base64url Ed25519 key`);
    const sig = base64UrlBytes(signature);
    if (!sig || sig.length !== 64) return fail('bad_signature', 'the signature is malformed');
    const data = new TextEncoder().encode(`${prefix}.${kid}.${payload}`);
    if (!(await globalThis.crypto.subtle.verify({ name: 'Ed25519' }, key, sig, data))) return fail('bad_signature', 'the signature does not verify');
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(token, publicKey);
  }
  const license: VerifiedLicense = {
    kind,
    keyId: kid,
    licenseId: claims.lid,
    customer: claims.sub,
    plan: claims.plan,
    product: claims.product,
    features: [...claims.features],
    activationLimit: claims.act,
    issuedAt: new Date(claims.iat * 1000),
    expiresAt: claims.exp === null ? null : new Date(claims.exp * 1000),
    instance: claims.ins ?? null,
  };
  const now = options.now === undefined ? Date.now() : typeof options.now === 'number' ? options.now : options.now.getTime();
  const tolerance = (options.clockToleranceSeconds ?? 300) * 1000;
  if (claims.iat * 1000 > now + tolerance) return fail('not_yet_valid', `issued in the future (${license.issuedAt.toISOString()})`, license);
  if (claims.exp !== null && claims.exp * 1000 <= now) return fail('expired', `expired at ${new Date(claims.exp * 1000).toISOString()}`, license);
  const missing = (options.features ?? []).filter((f) => !claims.features.includes(f));
  if (missing.length > 0) return fail('missing_feature', `does not grant ${missing.join(', ')}`, license);
  return { valid: true, license };
}

const sharedMemo = new Map<string, string>();

/** Verifies a license key or lease against the given public keys. Never throws for a bad token: the reason says what is wrong. */
export function verifyLicense(token: string, options: VerifyLicenseOptions): Promise<LicenseVerification> {
  return check(token, options, keyMap(options.keys), sharedMemo);
}

/** A verifier bound to a set of public keys (parsed once), for checking many tokens. */
export function createLicenseVerifier(keys: LicenseKeys): LicenseVerifier {
  const map = keyMap(keys);
  const memo = new Map<string, string>();
  return { verify: (token, options = {}) => check(token, { ...options, keys }, map, memo) };
}

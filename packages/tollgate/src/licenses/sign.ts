import { type KeyObject, sign } from 'node:crypto';
import { defined } from '../core/lib/defined.ts';
import { LEASE_KIND, LICENSE_KIND, type LicenseClaims, type TokenKind } from './verify.ts';

/** A signing key ready to sign: its id (the token's `kid`) and the private key. */
export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
}

/**
 * Signs claims into a token `<kind>.<kid>.<payload>.<signature>` (the format
 * verify.ts checks): the claims as JSON in a fixed key order, base64url, and
 * the Ed25519 signature of `<kind>.<kid>.<payload>`. Ed25519 is deterministic:
 * the same claims and key give the same token.
 */
export function signToken(kind: TokenKind, claims: LicenseClaims, key: SigningKey): string {
  const ordered: LicenseClaims = defined({
    v: 1 as const,
    lid: claims.lid,
    sub: claims.sub,
    plan: claims.plan,
    product: claims.product,
    features: claims.features,
    act: claims.act,
    iat: claims.iat,
    exp: claims.exp,
    ins: claims.ins,
  });
  const head = `${kind === 'license' ? LICENSE_KIND : LEASE_KIND}.${key.id}.${Buffer.from(JSON.stringify(ordered)).toString('base64url')}`;
  return `${head}.${sign(null, Buffer.from(head), key.privateKey).toString('base64url')}`;
}

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testNow } from '../testing/now.ts';
import { type SigningKey, signToken } from './sign.ts';
import { createLicenseVerifier, type LicenseClaims, verifyLicense } from './verify.ts';

function keyPair(id: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { id, privateKey, publicKey: String(publicKey.export({ format: 'jwk' }).x) };
}

const now = testNow();
const iat = Math.floor(now.getTime() / 1000);
const claims: LicenseClaims = { v: 1, lid: 'lic_1', sub: 'user_42', plan: 'pro', product: null, features: ['export', 'sso'], act: 3, iat, exp: iat + 3600 };

describe('license tokens: signed by the engine, verified offline with the public key', () => {
  const key = keyPair('lsk_a');
  const other = keyPair('lsk_b');
  const keys = [{ kid: key.id, public_key: key.publicKey }];
  const token = signToken('license', claims, key);

  it('verifies a good token and reads its claims', async () => {
    expect(token).toMatch(/^tg_lic\.lsk_a\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{86}$/);
    const result = await verifyLicense(token, { keys, now, features: ['export'] });
    expect(result).toEqual({
      valid: true,
      license: {
        kind: 'license',
        keyId: 'lsk_a',
        licenseId: 'lic_1',
        customer: 'user_42',
        plan: 'pro',
        product: null,
        features: ['export', 'sso'],
        activationLimit: 3,
        issuedAt: new Date(iat * 1000),
        expiresAt: new Date((iat + 3600) * 1000),
        instance: null,
      },
    });
    // The keys as a map, camelCase entries, and a bound verifier answer the same.
    expect((await verifyLicense(token, { keys: { lsk_a: key.publicKey }, now })).valid).toBe(true);
    expect((await verifyLicense(token, { keys: [{ kid: 'lsk_a', publicKey: key.publicKey }], now })).valid).toBe(true);
    expect((await createLicenseVerifier(keys).verify(token, { now })).valid).toBe(true);
    // Signing is deterministic: the same claims and key give the same token.
    expect(signToken('license', claims, key)).toBe(token);
  });

  it('refuses every bad token with its reason', async () => {
    const [prefix, kid, payload, signature] = token.split('.') as [string, string, string, string];
    const tamperedClaims = Buffer.from(JSON.stringify({ ...claims, act: 1000 })).toString('base64url');
    const flip = (s: string, at: number) => `${s.slice(0, at)}${s[at] === 'A' ? 'B' : 'A'}${s.slice(at + 1)}`;
    const cases: [string, string, string][] = [
      ['tampered payload (more activations)', `${prefix}.${kid}.${tamperedClaims}.${signature}`, 'bad_signature'],
      ['tampered signature', `${prefix}.${kid}.${payload}.${flip(signature, 10)}`, 'bad_signature'],
      ['truncated signature', token.slice(0, -5), 'bad_signature'],
      ['truncated to three parts', `${prefix}.${kid}.${payload}`, 'malformed'],
      ['empty', '', 'malformed'],
      ['not base64url payload', `${prefix}.${kid}.@@@.${signature}`, 'malformed'],
      ['payload that is not claims', `${prefix}.${kid}.${Buffer.from('{"v":2}').toString('base64url')}.${signature}`, 'malformed'],
      ['unknown kind', `tg_xyz.${kid}.${payload}.${signature}`, 'malformed'],
      ['signed by a key not trusted', signToken('license', claims, other), 'unknown_key'],
      ["another key's signature under this kid", signToken('license', claims, { ...other, id: 'lsk_a' }), 'bad_signature'],
      ['a kid swapped in (the signature covers it)', `${prefix}.lsk_b.${payload}.${signature}`, 'unknown_key'],
    ];
    for (const [what, bad, reason] of cases) {
      const result = await verifyLicense(bad, { keys, now });
      expect(result.valid, what).toBe(false);
      if (!result.valid) expect(result.reason, what).toBe(reason);
    }
    // The swapped kid with lsk_b trusted: its key does not verify lsk_a's signature.
    const swapped = await verifyLicense(`${prefix}.lsk_b.${payload}.${signature}`, { keys: { lsk_b: other.publicKey }, now });
    expect(swapped).toMatchObject({ valid: false, reason: 'bad_signature' });
    // A public key that is not an Ed25519 key.
    expect(await verifyLicense(token, { keys: { lsk_a: 'AAAA' }, now })).toMatchObject({ valid: false, reason: 'unknown_key' });
  });

  it('refuses an expired token, one issued in the future, a missing feature and the wrong kind, with the license read', async () => {
    const expired = await verifyLicense(token, { keys, now: (iat + 3600) * 1000 });
    expect(expired).toMatchObject({ valid: false, reason: 'expired', license: { licenseId: 'lic_1' } });
    expect(await verifyLicense(token, { keys, now: (iat + 3599) * 1000 })).toMatchObject({ valid: true });
    expect(await verifyLicense(token, { keys, now: (iat - 301) * 1000 })).toMatchObject({ valid: false, reason: 'not_yet_valid' });
    expect(await verifyLicense(token, { keys, now: (iat - 299) * 1000 })).toMatchObject({ valid: true });
    expect(await verifyLicense(token, { keys, now, features: ['export', 'audit'] })).toMatchObject({
      valid: false,
      reason: 'missing_feature',
      message: 'does not grant audit',
    });
    expect(await verifyLicense(token, { keys, now, kind: 'lease' })).toMatchObject({ valid: false, reason: 'wrong_kind' });
    const lease = signToken('lease', { ...claims, ins: 'machine-1' }, key);
    expect(await verifyLicense(lease, { keys, now, kind: 'lease' })).toMatchObject({ valid: true, license: { kind: 'lease', instance: 'machine-1' } });
    expect(await verifyLicense(lease, { keys, now, kind: 'license' })).toMatchObject({ valid: false, reason: 'wrong_kind' });
    // A lease relabelled as a license key: the kind is signed too.
    expect(await verifyLicense(lease.replace(/^tg_lease\./, 'tg_lic.'), { keys, now })).toMatchObject({ valid: false, reason: 'bad_signature' });
    const perpetual = signToken('license', { ...claims, exp: null }, key);
    expect(await verifyLicense(perpetual, { keys, now: new Date('2099-01-01') })).toMatchObject({ valid: true, license: { expiresAt: null } });
  });

  it('a remembered good signature is still checked for time, features and the key it verified under', async () => {
    const verifier = createLicenseVerifier(keys);
    expect((await verifier.verify(token, { now })).valid).toBe(true);
    expect(await verifier.verify(token, { now: (iat + 7200) * 1000 })).toMatchObject({ valid: false, reason: 'expired' });
    expect(await verifier.verify(token, { now, features: ['audit'] })).toMatchObject({ valid: false, reason: 'missing_feature' });
    // The shared memo of verifyLicense is keyed by the public key too: another key under the same kid does not inherit it.
    expect((await verifyLicense(token, { keys, now })).valid).toBe(true);
    expect(await verifyLicense(token, { keys: { lsk_a: other.publicKey }, now })).toMatchObject({ valid: false, reason: 'bad_signature' });
  });
});

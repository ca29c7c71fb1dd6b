import { describe, expect, it } from 'vitest';
import { unwrap } from '../core/lib/result.ts';
import { createTestDeps } from '../testing/deps.ts';
import { revokeLicense } from './revoke.ts';
import { rotateSigningKey } from './rotate-key.ts';
import { publishedKeys } from './signing-key.ts';
import { issueTestLicense, licenseTestConfig } from './fixtures.test-support.ts';
import { validateLicense } from './validate.ts';
import { verifyLicense } from './verify.ts';
import { perTest } from '../testing/per-test.test-support.ts';

const HOUR_MS = 3_600_000;

describe('online validation and leases', () => {
  const deps = perTest(() => createTestDeps({ stripe: false, config: licenseTestConfig }));

  it('answers an unknown key with not_found (an answer, not an error), a known one with its status, features, expiry and usage', async () => {
    const license = await issueTestLicense(deps);
    expect(unwrap(await validateLicense(deps, { key: 'tg_lic.nope.nope.nope' }))).toEqual({ valid: false, code: 'not_found', license: null });
    expect(unwrap(await validateLicense(deps, { key: license.key }))).toEqual({
      valid: true,
      code: 'valid',
      license: {
        id: license.id,
        status: 'active',
        reason: null,
        customer: 'user_1',
        plan: null,
        product: 'agent-pack',
        features: ['agents'],
        subscriptionId: null,
        purchaseId: license.purchaseId,
        issuedAt: license.issuedAt,
        expiresAt: null,
        activations: { used: 0, limit: 3 },
      },
    });
  });

  it('a lease verifies offline until its TTL; after a revocation the client gets none, so it stops within one TTL even offline', async () => {
    const license = await issueTestLicense(deps);
    const validated = unwrap(await validateLicense(deps, { key: license.key, lease: true, instance: undefined }));
    const lease = validated.lease;
    if (!lease) throw new Error('no lease');
    expect(lease.expiresAt.getTime()).toBe(deps.clock.now().getTime() + HOUR_MS); // licenses.leaseTtlSeconds: 3600
    const keys = await publishedKeys(deps);
    // The client caches the lease and checks it offline.
    const offline = (now: Date) => verifyLicense(lease.token, { keys, now, kind: 'lease', features: ['agents'] });
    expect(await offline(deps.clock.now())).toMatchObject({ valid: true, license: { kind: 'lease', licenseId: license.id, customer: 'user_1' } });

    unwrap(await revokeLicense(deps, { id: license.id }));
    // Online, at once: revoked, and no lease.
    expect(unwrap(await validateLicense(deps, { key: license.key, lease: true }))).toMatchObject({ valid: false, code: 'revoked' });
    expect(unwrap(await validateLicense(deps, { key: license.key, lease: true })).lease).toBeUndefined();
    // Offline, the cached lease works until its TTL, and not a second after.
    deps.clock.advance(HOUR_MS - 1000);
    expect((await offline(deps.clock.now())).valid).toBe(true);
    deps.clock.advance(1000);
    expect(await offline(deps.clock.now())).toMatchObject({ valid: false, reason: 'expired' });
    // A lease is not a license key: validate does not take one.
    expect(unwrap(await validateLicense(deps, { key: lease.token }))).toMatchObject({ code: 'not_found' });
  });

  it('leases are signed by the current key after a rotation; the license key signed before still validates online', async () => {
    const license = await issueTestLicense(deps);
    const before = unwrap(await validateLicense(deps, { key: license.key, lease: true })).lease?.token ?? '';
    const rotated = unwrap(await rotateSigningKey(deps));
    const after = unwrap(await validateLicense(deps, { key: license.key, lease: true })).lease?.token ?? '';
    expect(before.split('.')[1]).toBe(license.signingKeyId);
    expect(after.split('.')[1]).toBe(rotated.active.kid);
    const keys = await publishedKeys(deps);
    for (const token of [license.key, before, after]) expect((await verifyLicense(token, { keys, now: deps.clock.now() })).valid).toBe(true);
  });
});

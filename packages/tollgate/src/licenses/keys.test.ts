import { createPrivateKey } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config/default-config.ts';
import { queryRows } from '../core/db/sql.ts';
import { unwrap } from '../core/lib/result.ts';
import { createTestDeps } from '../testing/deps.ts';
import { retireSigningKey } from './retire-key.ts';
import { rotateSigningKey } from './rotate-key.ts';
import { signToken } from './sign.ts';
import { activeSigningKey, listSigningKeys, publishedKeys } from './signing-key.ts';
import { type LicenseClaims, verifyLicense } from './verify.ts';
import { perTest } from '../testing/per-test.test-support.ts';

const claims = (iat: number): LicenseClaims => ({ v: 1, lid: 'lic_1', sub: 'user_1', plan: 'pro', product: null, features: [], act: 1, iat, exp: null });

describe('license signing keys', () => {
  const deps = perTest(() => createTestDeps({ stripe: false }));
  const iat = () => Math.floor(deps.clock.now().getTime() / 1000);

  it('are made once on first use, even by concurrent first uses, and stored sealed', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => activeSigningKey(deps)));
    expect(new Set(keys.map((k) => k.id)).size).toBe(1);
    const rows = await queryRows<{ id: string; private_key: string; public_key: string; status: string }>(deps.db, sql`select * from license_signing_keys`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: keys[0]?.id, status: 'active', public_key: keys[0]?.publicKey });
    // The stored private key is not the PKCS#8 key itself (sealed with AES-GCM), and does not parse as one.
    const pkcs8 = keys[0]?.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url') ?? '';
    expect(rows[0]?.private_key).not.toContain(pkcs8.slice(-43));
    expect(() => createPrivateKey({ key: Buffer.from(rows[0]?.private_key ?? '', 'base64url'), format: 'der', type: 'pkcs8' })).toThrow();
    // Lists and published keys never carry the private half.
    for (const listed of [...(await listSigningKeys(deps)), ...(await publishedKeys(deps))]) {
      expect(Object.keys(listed).sort()).not.toContain('privateKey');
      expect(JSON.stringify(listed)).not.toContain(rows[0]?.private_key ?? 'x');
    }
  });

  it('rotate: the new key signs, the old one still verifies until it is retired', async () => {
    const first = await activeSigningKey(deps);
    const oldToken = signToken('license', claims(iat()), first);
    const rotated = unwrap(await rotateSigningKey(deps));
    expect(rotated.previous).toBe(first.id);
    const second = await activeSigningKey(deps);
    expect(second.id).toBe(rotated.active.kid);
    expect(second.id).not.toBe(first.id);
    const newToken = signToken('license', claims(iat()), second);
    const published = await publishedKeys(deps);
    expect(published.map((k) => [k.kid, k.status])).toEqual([
      [first.id, 'verifying'],
      [second.id, 'active'],
    ]);
    for (const token of [oldToken, newToken]) expect((await verifyLicense(token, { keys: published, now: deps.clock.now() })).valid).toBe(true);

    // The active key cannot be retired; the old one can, and then leaves the published keys.
    expect(await retireSigningKey(deps, { kid: second.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await retireSigningKey(deps, { kid: 'lsk_nope' })).toMatchObject({ ok: false, error: { code: 'not_found', param: 'kid' } });
    expect(unwrap(await retireSigningKey(deps, { kid: first.id })).status).toBe('retired');
    const after = await publishedKeys(deps);
    expect(after.map((k) => k.kid)).toEqual([second.id]);
    expect(await verifyLicense(oldToken, { keys: after, now: deps.clock.now() })).toMatchObject({ valid: false, reason: 'unknown_key' });
    expect((await verifyLicense(newToken, { keys: after, now: deps.clock.now() })).valid).toBe(true);
    expect((await listSigningKeys(deps)).map((k) => k.status)).toEqual(['retired', 'active']);
  });

  it('two rotations at once make one new key', async () => {
    await activeSigningKey(deps);
    const results = await Promise.all([rotateSigningKey(deps), rotateSigningKey(deps)]);
    const active = (await listSigningKeys(deps)).filter((k) => k.status === 'active');
    expect(active).toHaveLength(1);
    expect(results.map((r) => unwrap(r).active.kid)).toContain(active[0]?.kid);
  });

  it('a key sealed with another secret is not misread: the engine rotates to a new key', async () => {
    const configured = { ...deps, config: { ...deps.config, ...defaultConfig, licenses: { keySecret: 'first secret, 16+ chars' } } };
    const first = await activeSigningKey(configured);
    const changed = { ...configured, config: { ...configured.config, licenses: { keySecret: 'second secret, 16+ chars' } } };
    const second = await activeSigningKey(changed);
    expect(second.id).not.toBe(first.id);
    expect((await listSigningKeys(deps)).map((k) => [k.kid, k.status])).toEqual([
      [first.id, 'verifying'],
      [second.id, 'active'],
    ]);
  });
});

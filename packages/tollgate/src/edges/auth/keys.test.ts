import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../core/db/schema/api-keys.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createApiKey, ensureApiKey, hashApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './keys.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe(`API keys (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ stripe: false }));

  it('stores only the hash, verifies the key, and refuses it once revoked', async () => {
    const created = unwrap(await createApiKey(deps, { name: 'backend' }));
    expect(created.key).toMatch(/^tg_sk_[A-Za-z0-9_-]{43}$/);
    const rows = await deps.db.select().from(apiKeys);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.key);
    expect(rows[0]?.hash).toBe(hashApiKey(created.key));
    expect(unwrap(await verifyApiKey(deps, created.key)).id).toBe(created.id);
    unwrap(await revokeApiKey(deps, { id: created.id }));
    const revoked = await verifyApiKey(deps, created.key);
    expect(revoked.ok ? null : revoked.error.message).toMatch(/revoked/);
    expect(await listApiKeys(deps)).toEqual([]);
    expect((await listApiKeys(deps, { includeRevoked: true }))[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses malformed and unknown keys, bad names and unknown ids', async () => {
    for (const key of ['', 'tg_sk_short', 'sk_test_123', `tg_sk_${'a'.repeat(40)}`]) {
      const result = await verifyApiKey(deps, key);
      expect(result.ok ? null : result.error.code).toBe('unauthenticated');
    }
    const bad = await createApiKey(deps, { name: '  ' });
    expect(bad.ok ? null : bad.error.param).toBe('name');
    const missing = await revokeApiKey(deps, { id: 'key_nope' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });

  it('ensureApiKey makes a chosen key usable, also after a revoke', async () => {
    const key = `tg_sk_dev_${'k'.repeat(30)}`;
    const first = unwrap(await ensureApiKey(deps, { name: 'dev', key }));
    unwrap(await revokeApiKey(deps, { id: first.id }));
    const again = unwrap(await ensureApiKey(deps, { name: 'dev', key }));
    expect(again.id).toBe(first.id);
    expect((await verifyApiKey(deps, key)).ok).toBe(true);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { apiKeys } from '../../core/db/schema/api-keys.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestApp, type TestApp } from '../server/app.test-support.ts';
import { testDriver } from '../../testing/db.ts';
import { DEFAULT_KEY_CACHE_SECONDS } from './key-cache.ts';
import { createApiKey, hashApiKey, revokeApiKey } from './keys.ts';

const CHECK = '/api/v1/billing/check';
const body = { customer: 'user_1', feature: 'messages' };

/** Revokes a key the way another node (or `tollgate keys revoke` in another process) would: in the database only. */
async function revokeElsewhere(t: TestApp, key: string): Promise<void> {
  await t.deps.db
    .update(apiKeys)
    .set({ revokedAt: sql`now()` })
    .where(eq(apiKeys.hash, hashApiKey(key)));
}

describe(`secret keys verified through the cache (${testDriver()})`, () => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('refuses a key revoked in this process on the very next request', async () => {
    t = await createTestApp();
    const created = unwrap(await createApiKey(t.deps, { name: 'backend' }));
    expect((await t.call('POST', CHECK, { auth: created.key, body })).status).toBe(200);
    unwrap(await revokeApiKey(t.deps, { id: created.id }));
    const refused = await t.call('POST', CHECK, { auth: created.key, body });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthenticated', message: 'this API key has been revoked' } });
  });

  it('sees a revoke made elsewhere once the entry expires (TTL on the injected clock)', async () => {
    t = await createTestApp();
    expect((await t.call('POST', CHECK, { auth: t.secretKey, body })).status).toBe(200);
    await revokeElsewhere(t, t.secretKey);
    // Still trusted from the cache for up to the TTL...
    t.deps.clock.advance(DEFAULT_KEY_CACHE_SECONDS * 1000 - 1);
    expect((await t.call('POST', CHECK, { auth: t.secretKey, body })).status).toBe(200);
    // ...then read again and refused.
    t.deps.clock.advance(1);
    expect((await t.call('POST', CHECK, { auth: t.secretKey, body })).status).toBe(401);
  });

  it('with apiKeyCacheSeconds: 0 reads the key on every request', async () => {
    t = await createTestApp({ app: { apiKeyCacheSeconds: 0 } });
    expect((await t.call('POST', CHECK, { auth: t.secretKey, body })).status).toBe(200);
    await revokeElsewhere(t, t.secretKey);
    expect((await t.call('POST', CHECK, { auth: t.secretKey, body })).status).toBe(401);
  });

  it('never remembers a refusal: a key created right after being refused works at once', async () => {
    t = await createTestApp();
    const key = `tg_sk_${'n'.repeat(43)}`;
    expect((await t.call('POST', CHECK, { auth: key, body })).status).toBe(401);
    unwrap(await createApiKey(t.deps, { name: 'new', key }));
    expect((await t.call('POST', CHECK, { auth: key, body })).status).toBe(200);
  });

  it('concurrent first requests with one key are all answered, and a revoke is not undone by them', async () => {
    t = await createTestApp();
    const created = unwrap(await createApiKey(t.deps, { name: 'burst' }));
    const statuses = await Promise.all(Array.from({ length: 20 }, () => t!.call('POST', CHECK, { auth: created.key, body }).then((r) => r.status)));
    expect(statuses).toEqual(Array.from({ length: 20 }, () => 200));
    // A revoke racing with a lookup in flight: the lookup's answer must not be cached afterwards.
    const racing = t.call('POST', CHECK, { auth: created.key, body });
    unwrap(await revokeApiKey(t.deps, { id: created.id }));
    await racing;
    expect((await t.call('POST', CHECK, { auth: created.key, body })).status).toBe(401);
  });
});

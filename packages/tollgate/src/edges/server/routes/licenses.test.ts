import { afterEach, describe, expect, it } from 'vitest';
import { issueTestLicense, licenseTestConfig } from '../../../licenses/fixtures.test-support.ts';
import { verifyLicense } from '../../../licenses/verify.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp, type TestApp, type TestAppOptions } from '../app.test-support.ts';

const BASE = '/api/v1/billing';

// In process through app.request, and over real HTTP through the Node listener (which knows the client's address).
describe.each(['fetch', 'node'] as const)(`license routes (${testDriver()}, %s)`, (transport) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());
  const open = async (app: TestAppOptions['app'] = {}) => {
    t = await createTestApp({ transport, deps: { config: licenseTestConfig }, app });
    return t;
  };
  const post = (path: string, body: object, headers: Record<string, string> = {}) => t!.call('POST', `${BASE}/${path}`, { body, headers });

  it('public: validate (with a lease that verifies with the published keys), activate, deactivate; snake_case answers', async () => {
    const app = await open();
    const license = await issueTestLicense(app.deps);
    const validated = await post('licenses/validate', { key: license.key, lease: true });
    expect(validated.status).toBe(200);
    const body = (await validated.json()) as { valid: boolean; code: string; license: Record<string, unknown>; lease: { token: string; expires_at: string } };
    expect(body).toMatchObject({
      valid: true,
      code: 'valid',
      license: {
        id: license.id,
        status: 'active',
        customer: 'user_1',
        product: 'agent-pack',
        features: ['agents'],
        purchase_id: license.purchaseId,
        expires_at: null,
        activations: { used: 0, limit: 3 },
      },
    });
    expect(body.license.key).toBeUndefined();
    const keys = (await (await app.call('GET', `${BASE}/licenses/keys`)).json()) as { keys: { kid: string; public_key: string; algorithm: string }[] };
    expect(keys.keys).toEqual([expect.objectContaining({ kid: license.signingKeyId, algorithm: 'Ed25519', status: 'active' })]);
    for (const token of [license.key, body.lease.token]) expect((await verifyLicense(token, { keys: keys.keys, now: app.deps.clock.now() })).valid).toBe(true);

    const activated = await post('licenses/activate', { key: license.key, instance: 'machine-1', name: 'Build box' });
    expect(activated.status).toBe(200);
    expect(await activated.json()).toMatchObject({
      created: true,
      activation: { instance: 'machine-1', name: 'Build box' },
      license: { activations: { used: 1, limit: 3 } },
    });
    expect(await (await post('licenses/validate', { key: license.key, instance: 'machine-2' })).json()).toMatchObject({ valid: false, code: 'not_activated' });
    expect(await (await post('licenses/deactivate', { key: license.key, instance: 'machine-1' })).json()).toMatchObject({
      deactivated: true,
      license: { activations: { used: 0 } },
    });
    const unknown = await post('licenses/activate', { key: 'tg_lic.x.y.z', instance: 'machine-1' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'license_not_found', param: 'key' } });
    expect(await (await post('licenses/validate', { key: 'tg_lic.x.y.z' })).json()).toEqual({ valid: false, code: 'not_found', license: null });
  });

  it('rate limited per license key, and (with the client address known) per address: 429 with Retry-After', async () => {
    const app = await open({ licenseRateLimit: { perKey: { requestsPerSecond: 1, burst: 2 }, perAddress: { requestsPerSecond: 1, burst: 4 } } });
    const a = await issueTestLicense(app.deps);
    const b = await issueTestLicense(app.deps);
    expect((await post('licenses/validate', { key: a.key })).status).toBe(200);
    expect((await post('licenses/validate', { key: a.key })).status).toBe(200);
    const limited = await post('licenses/validate', { key: a.key });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another key is not held back by the first one's limit.
    expect((await post('licenses/validate', { key: b.key })).status).toBe(200);
    if (transport === 'node') {
      // Four requests from this address so far: the fifth, whatever its key, waits.
      const byAddress = await post('licenses/validate', { key: 'tg_lic.other.key.here' });
      expect(byAddress.status).toBe(429);
      expect(((await byAddress.json()) as { error: { message: string } }).error.message).toContain('this address');
    } else {
      // In process (an app mounting the fetch handler) there is no address: only the key limit applies.
      expect((await post('licenses/validate', { key: 'tg_lic.other.key.here' })).status).toBe(200);
    }
    app.deps.clock.advance(5_000);
    expect((await post('licenses/validate', { key: a.key })).status).toBe(200);
  });

  it("customer token reads the customer's own licenses with their keys; the operator lists, gets, revokes, restores and rotates", async () => {
    const app = await open();
    const license = await issueTestLicense(app.deps);
    const own = await app.call('GET', `${BASE}/licenses`, { auth: await app.tokenFor('user_1') });
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ data: [expect.objectContaining({ id: license.id, key: license.key, status: 'active' })] });
    expect(await (await app.call('GET', `${BASE}/licenses`, { auth: await app.tokenFor('user_2') })).json()).toEqual({ data: [] });
    // A customer token cannot reach the operator routes.
    expect((await app.call('GET', `${BASE}/admin/licenses`, { auth: await app.tokenFor('user_1') })).status).toBe(403);

    const admin = (method: string, path: string) => app.call(method, `${BASE}/${path}`, { auth: app.secretKey });
    expect(await (await admin('GET', 'admin/licenses?status=active')).json()).toEqual({ data: [expect.objectContaining({ id: license.id })] });
    await post('licenses/activate', { key: license.key, instance: 'm1' });
    expect(await (await admin('GET', `admin/licenses/${license.id}`)).json()).toMatchObject({ id: license.id, activation_list: [{ instance: 'm1' }] });
    expect((await admin('GET', 'admin/licenses/lic_nope')).status).toBe(404);
    expect(await (await admin('POST', `admin/licenses/${license.id}/revoke`)).json()).toMatchObject({ status: 'revoked', reason: 'operator' });
    expect(await (await post('licenses/validate', { key: license.key })).json()).toMatchObject({ valid: false, code: 'revoked' });
    expect(await (await admin('POST', `admin/licenses/${license.id}/restore`)).json()).toMatchObject({ status: 'active', reason: null });

    const rotated = (await (await admin('POST', 'admin/license-keys/rotate')).json()) as { active: { kid: string }; previous: string };
    expect(rotated.previous).toBe(license.signingKeyId);
    const listed = (await (await admin('GET', 'admin/license-keys')).json()) as { data: Record<string, unknown>[] };
    expect(listed.data.map((k) => k.status)).toEqual(['verifying', 'active']);
    expect(JSON.stringify(listed)).not.toMatch(/private/i);
    expect((await admin('POST', `admin/license-keys/${rotated.active.kid}/retire`)).status).toBe(409);
    expect(await (await admin('POST', `admin/license-keys/${license.signingKeyId}/retire`)).json()).toMatchObject({ status: 'retired' });
    expect(((await (await app.call('GET', `${BASE}/licenses/keys`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toEqual([
      rotated.active.kid,
    ]);
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { licenseActivations } from '../core/db/schema/license-activations.ts';
import { unwrap } from '../core/lib/result.ts';
import { testDriver } from '../testing/db.ts';
import { createTestDeps } from '../testing/deps.ts';
import { activateLicense } from './activate.ts';
import { deactivateLicense } from './deactivate.ts';
import type { LicenseRow } from './row.ts';
import { revokeLicense } from './revoke.ts';
import { issueTestLicense, licenseTestConfig } from './fixtures.test-support.ts';
import { validateLicense } from './validate.ts';
import { perTest } from '../testing/per-test.test-support.ts';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./activate.test-worker.ts', import.meta.url));

describe('activations', () => {
  const deps = perTest(() => createTestDeps({ stripe: false, config: licenseTestConfig }));
  let license: LicenseRow;
  beforeEach(async () => {
    license = await issueTestLicense(deps);
  });
  const used = async () => Number((await deps.db.select({ n: count() }).from(licenseActivations).where(eq(licenseActivations.licenseId, license.id)))[0]?.n);

  it('activate, again (same activation), validate per instance, over the limit refused, deactivate frees a slot', async () => {
    const first = unwrap(await activateLicense(deps, { key: license.key, instance: 'machine-1', name: "Ada's laptop" }));
    expect(first).toMatchObject({
      created: true,
      activation: { instance: 'machine-1', name: "Ada's laptop" },
      license: { activations: { used: 1, limit: 3 } },
    });
    expect(unwrap(await activateLicense(deps, { key: license.key, instance: 'machine-1' }))).toMatchObject({
      created: false,
      activation: { id: first.activation.id },
    });
    unwrap(await activateLicense(deps, { key: license.key, instance: 'machine-2' }));
    expect(await validateLicense(deps, { key: license.key, instance: 'machine-3' })).toMatchObject({
      ok: true,
      value: { valid: false, code: 'not_activated' },
    });
    unwrap(await activateLicense(deps, { key: license.key, instance: 'machine-3' }));
    expect(await validateLicense(deps, { key: license.key, instance: 'machine-3' })).toMatchObject({
      ok: true,
      value: { valid: true, code: 'valid', license: { activations: { used: 3, limit: 3 } } },
    });
    expect(await validateLicense(deps, { key: license.key, instance: 'machine-4' })).toMatchObject({
      ok: true,
      value: { valid: false, code: 'too_many_activations' },
    });
    expect(await activateLicense(deps, { key: license.key, instance: 'machine-4' })).toMatchObject({
      ok: false,
      error: { code: 'too_many_activations', param: 'instance', details: { used: 3, limit: 3 } },
    });
    expect(unwrap(await deactivateLicense(deps, { key: license.key, instance: 'machine-2' }))).toMatchObject({
      deactivated: true,
      license: { activations: { used: 2 } },
    });
    expect(unwrap(await deactivateLicense(deps, { key: license.key, instance: 'machine-2' }))).toMatchObject({ deactivated: false });
    unwrap(await activateLicense(deps, { key: license.key, instance: 'machine-4' }));
    expect(await used()).toBe(3);
  });

  it('refuses unknown keys, bad input and inactive licenses, writing nothing', async () => {
    expect(await activateLicense(deps, { key: `${license.key}x`, instance: 'm' })).toMatchObject({
      ok: false,
      error: { code: 'license_not_found', param: 'key' },
    });
    expect(await deactivateLicense(deps, { key: 'nope', instance: 'm' })).toMatchObject({ ok: false, error: { code: 'license_not_found' } });
    expect(await activateLicense(deps, { key: license.key, instance: '' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'instance' },
    });
    expect(await activateLicense(deps, { key: license.key, instance: 'bad\u0000' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'instance' },
    });
    expect(await activateLicense(deps, { key: license.key, instance: 'x'.repeat(256) })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'instance' },
    });
    expect(await validateLicense(deps, { key: 'k'.repeat(2049) })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'key' } });
    unwrap(await revokeLicense(deps, { id: license.id }));
    expect(await activateLicense(deps, { key: license.key, instance: 'm' })).toMatchObject({
      ok: false,
      error: { code: 'license_inactive', details: { status: 'revoked', reason: 'operator' } },
    });
    expect(await used()).toBe(0);
  });

  it(`50 concurrent activations against a limit of 3: exactly 3 (${testDriver()})`, async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => activateLicense(deps, { key: license.key, instance: `m-${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.error.code === 'too_many_activations')).toHaveLength(47);
    expect(await used()).toBe(3);
  });

  it.runIf(testDriver() === 'postgres')(
    '50 activations from two OS processes at once (25 each) against a limit of 3: exactly 3',
    async () => {
      const { database } = deps;
      const args = ['--import', 'tsx', worker, database.url ?? '', database.schema, license.key, '25'];
      const outputs = await Promise.all([run(process.execPath, args), run(process.execPath, args)]);
      const succeeded = outputs.map((o) => JSON.parse(o.stdout) as { ok: number; refused: number });
      expect(succeeded.reduce((s, o) => s + o.ok, 0)).toBe(3);
      expect(succeeded.reduce((s, o) => s + o.refused, 0)).toBe(47);
      expect(await used()).toBe(3);
    },
    60_000,
  );
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestLicense, licenseTestConfig } from '../../licenses/fixtures.test-support.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { runTollgate } from './test-support.ts';

describe(`tollgate licenses (in process, ${testDriver()})`, () => {
  let dir: string;
  let deps: TestDeps;
  const tollgate = (args: string[]) => runTollgate(args, { env: { INIT_CWD: dir }, database: deps.database, clock: deps.clock });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-licenses-'));
    deps = await createTestDeps({ stripe: false, config: licenseTestConfig });
  });
  afterAll(async () => {
    await deps.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('list, get, revoke, restore, verify, keys, rotate, retire', async () => {
    expect((await tollgate(['licenses', 'list'])).stdout).toBe('No licenses.\n');
    const license = await issueTestLicense(deps);
    const listed = await tollgate(['licenses', 'list']);
    expect(listed.stdout).toMatch(/^LICENSE\s+CUSTOMER\s+GRANT\s+STATUS\s+ACTIVATIONS\s+ISSUED/);
    expect(listed.stdout).toContain(`${license.id}  user_1`);
    expect(JSON.parse((await tollgate(['licenses', 'list', '--customer', 'user_1', '--json'])).stdout)).toEqual([
      expect.objectContaining({ id: license.id, key: license.key }),
    ]);
    expect((await tollgate(['licenses', 'list', '--status', 'nope'])).code).toBe(2);

    const got = await tollgate(['licenses', 'get', license.id]);
    expect(got.stdout).toContain(`Key         ${license.key}`);
    expect(got.stdout).toContain('Activations 0 of 3');
    const missing = await tollgate(['licenses', 'get', 'lic_nope']);
    expect([missing.code, missing.stderr]).toEqual([3, 'tollgate licenses get: no license "lic_nope" (id)\n']);

    const verified = await tollgate(['licenses', 'verify', license.key, '--feature', 'agents']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(
      new RegExp(`^Valid license ${license.id} for user_1 \\(signed by ${license.signingKeyId}\\)\\n.*online status: active`, 's'),
    );
    const tampered = await tollgate(['licenses', 'verify', `${license.key.slice(0, -3)}AAA`]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^Refused: bad_signature: the signature does not verify/);
    expect((await tollgate(['licenses', 'verify', license.key, '--feature', 'sso'])).stdout).toMatch(/^Refused: missing_feature/);

    expect((await tollgate(['licenses', 'revoke', license.id])).stdout).toBe(`Revoked ${license.id} (user_1).\n`);
    expect((await tollgate(['licenses', 'verify', license.key])).stdout).toContain('online status: revoked (operator)');
    expect((await tollgate(['licenses', 'restore', license.id])).stdout).toBe(`Restored ${license.id} (user_1): active.\n`);

    const keys = JSON.parse((await tollgate(['licenses', 'keys', '--json'])).stdout) as { kid: string; status: string; publicKey: string }[];
    expect(keys.map((k) => [k.kid, k.status])).toEqual([[license.signingKeyId, 'active']]);
    const rotated = await tollgate(['licenses', 'rotate']);
    expect(rotated.stdout).toMatch(new RegExp(`^Signing with lsk_\\w+ \\(public key [\\w-]+\\); ${license.signingKeyId} keeps verifying until retired\\.`));
    expect((await tollgate(['licenses', 'retire', license.signingKeyId])).stdout).toBe(`Retired ${license.signingKeyId}.\n`);
    expect(await tollgate(['licenses', 'verify', license.key])).toMatchObject({ code: 1, stdout: expect.stringMatching(/^Refused: unknown_key/) as unknown });
  });
});

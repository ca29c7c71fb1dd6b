import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDriver } from '../../testing/db.ts';
import { runTollgate } from './test-support.ts';

describe(`tollgate keys (in process, ${testDriver()})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.close());
  const tollgate = (args: string[]) => runTollgate(args, { database });

  it('creates a key shown once, lists it without the secret, revokes it', async () => {
    const created = await tollgate(['keys', 'create', '--name', 'backend', '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; prefix: string };
    expect(key.key).toMatch(/^tg_sk_/);

    const listed = await tollgate(['keys', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+PREFIX/);
    expect(listed.stdout).toContain(key.id);
    expect(listed.stdout).toContain(`${key.prefix}...`);
    expect(listed.stdout).not.toContain(key.key);

    const revoked = await tollgate(['keys', 'revoke', key.id]);
    expect(revoked.stdout).toBe(`Revoked ${key.id} (backend).\n`);
    const after = await tollgate(['keys', 'list', '--json']);
    expect(JSON.parse(after.stdout)).toEqual([]);
  });

  it('answers mistakes with one line and a meaningful exit code', async () => {
    const unknown = await tollgate(['keys', 'revoke', 'key_nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('tollgate keys revoke: no API key key_nope (id)\n');
    const missing = await tollgate(['keys', 'revoke']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const sub = await tollgate(['keys', 'rotate']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/unknown subcommand "rotate" \(expected create\|list\|revoke\)/);
    const help = await tollgate(['keys', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/tollgate keys create/);
  });
});

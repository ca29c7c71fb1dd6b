import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/tollgate.mjs', import.meta.url));

function tollgate(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tollgate keys (spawned)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-keys-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a key shown once, lists it without the secret, revokes it', async () => {
    const created = await tollgate(['keys', 'create', '--name', 'backend', '--data', dir, '--json']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string; prefix: string };
    expect(key.key).toMatch(/^tg_sk_/);

    const listed = await tollgate(['keys', 'list', '--data', dir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+PREFIX/);
    expect(listed.stdout).toContain(key.id);
    expect(listed.stdout).toContain(`${key.prefix}...`);
    expect(listed.stdout).not.toContain(key.key);

    const revoked = await tollgate(['keys', 'revoke', key.id, '--data', dir]);
    expect(revoked.stdout).toBe(`Revoked ${key.id} (backend).\n`);
    const after = await tollgate(['keys', 'list', '--data', dir, '--json']);
    expect(JSON.parse(after.stdout)).toEqual([]);
  }, 120_000);

  it('answers mistakes with one line and a meaningful exit code', async () => {
    const unknown = await tollgate(['keys', 'revoke', 'key_nope', '--data', dir]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toBe('tollgate keys revoke: no API key key_nope (id)\n');
    const missing = await tollgate(['keys', 'revoke', '--data', dir]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const sub = await tollgate(['keys', 'rotate']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/unknown subcommand "rotate" \(expected create\|list\|revoke\)/);
    const help = await tollgate(['keys', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/tollgate keys create/);
  }, 120_000);
});

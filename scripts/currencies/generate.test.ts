import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const script = join(root, 'scripts/currencies/generate.mjs');
const copies = [
  'packages/tollgate/src/core/lib/currencies.generated.ts',
  'packages/stripe-emulator/src/core/currencies.generated.ts',
  'packages/react/src/currencies.generated.ts',
];
const read = (base: string, path: string) => readFileSync(join(base, path), 'utf8');

describe('the generated currency tables', () => {
  const temp = mkdtempSync(join(tmpdir(), 'currencies-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('are, in each of the three packages, the source under a header naming it', () => {
    const source = read(root, 'scripts/currencies/source.ts');
    for (const copy of copies) {
      const text = read(root, copy);
      expect(text.split('\n')[0]).toMatch(/^\/\/ Generated from scripts\/currencies\/source\.ts by scripts\/currencies\/generate\.mjs: do not edit/);
      expect(text.slice(text.indexOf('\n\n') + 2)).toBe(source);
    }
    expect(new Set(copies.map((copy) => read(root, copy))).size).toBe(1);
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('--check fails on a stale or missing copy and names it; generating brings it back', () => {
    for (const path of ['scripts/currencies/source.ts', ...copies]) {
      mkdirSync(dirname(join(temp, path)), { recursive: true });
      cpSync(join(root, path), join(temp, path));
    }
    const edited = read(temp, copies[1]!).replace("'jpy'", "'xxx'");
    expect(edited).not.toBe(read(temp, copies[1]!));
    writeFileSync(join(temp, copies[1]!), edited);
    rmSync(join(temp, copies[2]!));
    const check = () => spawnSync(process.execPath, [script, '--check', '--root', temp], { encoding: 'utf8' });
    const stale = check();
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(copies[1]);
    expect(stale.stderr).toContain(copies[2]);
    expect(stale.stderr).not.toContain(copies[0]);

    execFileSync(process.execPath, [script, '--root', temp]);
    expect(check().status).toBe(0);
    expect(read(temp, copies[1]!)).toBe(read(root, copies[1]!));
  });
});

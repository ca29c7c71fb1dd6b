import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const script = join(root, 'scripts/inline-import.mjs');

describe('inline-import: a module kept once in the repository, copied into a package dist', () => {
  const temp = mkdtempSync(join(tmpdir(), 'inline-import-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('compiles the currency table into dist and points every import of it there (code and declarations)', async () => {
    mkdirSync(join(temp, 'dist/lib'), { recursive: true });
    writeFileSync(join(temp, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(temp, 'dist/lib/money.js'), "export { currencyExponent, formatAmount } from '@tollgate/currencies';\n");
    writeFileSync(join(temp, 'dist/lib/money.d.ts'), "export { currencyExponent, formatAmount } from '@tollgate/currencies';\n");
    writeFileSync(join(temp, 'dist/other.js'), "export const other = 'untouched';\n");
    execFileSync(process.execPath, [script, '@tollgate/currencies', join(root, 'packages/currencies/src/index.ts'), 'dist/currencies'], { cwd: temp });

    expect(readFileSync(join(temp, 'dist/lib/money.js'), 'utf8')).toBe("export { currencyExponent, formatAmount } from '../currencies.js';\n");
    expect(readFileSync(join(temp, 'dist/lib/money.d.ts'), 'utf8')).toBe("export { currencyExponent, formatAmount } from '../currencies.js';\n");
    expect(readFileSync(join(temp, 'dist/other.js'), 'utf8')).toBe("export const other = 'untouched';\n");
    expect(readFileSync(join(temp, 'dist/currencies.d.ts'), 'utf8')).toMatch(/export declare function currencyExponent\(currency: string\): number;/);
    const money = (await import(pathToFileURL(join(temp, 'dist/lib/money.js')).href)) as {
      currencyExponent(c: string): number;
      formatAmount(a: number, c: string, l?: string): string;
    };
    expect([money.currencyExponent('jpy'), money.currencyExponent('usd'), money.currencyExponent('kwd')]).toEqual([0, 2, 3]);
    expect(money.formatAmount(1500, 'usd', 'en-US')).toBe('$15.00');
  });

  it('refuses a module whose declarations cannot be written without a type checker', () => {
    const bad = join(temp, 'bad.ts');
    writeFileSync(bad, 'export function twice(x: number) { return x * 2; }\n');
    expect(() => execFileSync(process.execPath, [script, 'bad', bad, 'dist/bad'], { cwd: temp, stdio: 'pipe' })).toThrow();
  });
});

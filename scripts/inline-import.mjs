#!/usr/bin/env node
// Part of a package's `build:finish`: puts a module the repository keeps once
// into the package's own dist, so the published package does not depend on it.
//   node ../../scripts/inline-import.mjs <specifier> <source.ts> <dist/target>
// compiles <source.ts> (one self-contained module; its declarations written
// without a type checker, so every export carries its type) to
// <dist/target>.js and .d.ts, then points every import of <specifier> in the
// package's dist (.js and .d.ts) at that copy. Used for the currency table
// (`@tollgate/currencies`, packages/currencies, in all three packages) and for
// the HTTP contract in @tollgate/react (`tollgate/client`).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const [specifier, source, target] = process.argv.slice(2);
if (!specifier || !source || !target) {
  console.error('usage: inline-import.mjs <specifier> <source.ts> <dist/target>');
  process.exit(2);
}
const dist = resolve('dist');
const out = resolve(target);
const text = readFileSync(source, 'utf8');
const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, declaration: true, isolatedDeclarations: true };
const js = ts.transpileModule(text, { compilerOptions: options, fileName: source });
const dts = ts.transpileDeclaration(text, { compilerOptions: options, fileName: source, reportDiagnostics: true });
if (dts.diagnostics?.length) {
  console.error(ts.formatDiagnostics(dts.diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' }));
  process.exit(1);
}
writeFileSync(`${out}.js`, js.outputText);
writeFileSync(`${out}.d.ts`, dts.outputText);

const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const IMPORT = new RegExp(`(from\\s+|import\\()(['"])${quoted}\\2`, 'g');
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(d\.ts|js)$/.test(entry.name)) continue;
  const file = join(entry.parentPath, entry.name);
  const code = readFileSync(file, 'utf8');
  if (!code.includes(specifier)) continue;
  let path = relative(dirname(file), `${out}.js`);
  if (!path.startsWith('.')) path = `./${path}`;
  writeFileSync(
    file,
    code.replace(IMPORT, (_, lead, quote) => `${lead}${quote}${path}${quote}`),
  );
}

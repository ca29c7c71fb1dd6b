#!/usr/bin/env node
// Writes scripts/currencies/source.ts, with a header, into each package that needs the
// currency table: the packages are published apart and never import one another, so each
// carries its own generated copy of the one source.
//   node scripts/currencies/generate.mjs           write the copies
//   node scripts/currencies/generate.mjs --check   exit 1 when a copy is missing or stale
//   --root DIR                                     the repository root (default: this script's)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = 'scripts/currencies/source.ts';
const TARGETS = [
  'packages/tollgate/src/core/lib/currencies.generated.ts',
  'packages/stripe-emulator/src/core/currencies.generated.ts',
  'packages/react/src/currencies.generated.ts',
];

/** The text every copy must hold: the header, then the source as it is. */
function generated(source) {
  return `// Generated from ${SOURCE} by scripts/currencies/generate.mjs: do not edit; edit the source and run \`node scripts/currencies/generate.mjs\`.\n\n${source}`;
}

function main(argv) {
  const check = argv.includes('--check');
  const rootAt = argv.indexOf('--root');
  const root = rootAt >= 0 ? resolve(argv[rootAt + 1] ?? '.') : resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const expected = generated(readFileSync(join(root, SOURCE), 'utf8'));
  const stale = [];
  for (const target of TARGETS) {
    const file = join(root, target);
    if (existsSync(file) && readFileSync(file, 'utf8') === expected) continue;
    if (check) stale.push(target);
    else writeFileSync(file, expected);
  }
  if (stale.length > 0) {
    console.error(`Stale currency tables (run \`node scripts/currencies/generate.mjs\`):\n${stale.map((t) => `  ${t}`).join('\n')}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));

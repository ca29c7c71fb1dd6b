#!/usr/bin/env node
// Part of `build:finish`: the package's types name the engine's HTTP contract
// (`import type { TollgateRoutes } from 'tollgate/client'` in src/client/types.ts;
// `tollgate` is a dev dependency only). The published package must type-check
// without `tollgate` installed, so this copies the one generated contract,
// packages/tollgate/src/edges/client/routes.generated.ts (types only, valid
// as a declaration file), to dist/client/routes.generated.d.ts and points
// every `'tollgate/client'` in dist's declarations at that copy.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(pkg, 'dist');
const contract = join(dist, 'client/routes.generated.d.ts');
copyFileSync(join(pkg, '../tollgate/src/edges/client/routes.generated.ts'), contract);

const IMPORT = /(from\s+|import\()(['"])tollgate\/client\2/g;
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  if (!text.includes('tollgate/client')) continue;
  let target = relative(dirname(file), contract).replace(/\.d\.ts$/, '.js');
  if (!target.startsWith('.')) target = `./${target}`;
  writeFileSync(
    file,
    text.replace(IMPORT, (_, lead, q) => `${lead}${q}${target}${q}`),
  );
}

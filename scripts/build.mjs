#!/usr/bin/env node
// `npm run build`: every package's dist/ (what is published), from clean. One
// TypeScript build (`tsc -b` over the three build configs shares the parsed
// declarations between them), then each package's own finishing step
// (`build:finish`: the opaque db type and the PGlite template for tollgate,
// the stylesheet for @tollgate/react).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['packages/stripe-emulator', 'packages/tollgate', 'packages/react'];

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

for (const pkg of packages) {
  rmSync(join(root, pkg, 'dist'), { recursive: true, force: true });
  rmSync(join(root, pkg, 'tsconfig.build.tsbuildinfo'), { force: true });
}
run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', ...packages.map((p) => join(p, 'tsconfig.build.json'))]);
for (const pkg of packages) run('npm', ['run', '--silent', '--if-present', 'build:finish'], join(root, pkg));

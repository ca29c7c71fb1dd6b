#!/usr/bin/env node
// The `tollgate` command. Plain JavaScript that any Node parses: it checks the
// Node version first (one line naming the one required), then runs the
// compiled CLI from dist/ when the package is installed (under node_modules),
// or the TypeScript sources through tsx inside the Tollgate repository.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`tollgate needs Node.js 20.19 or newer (this is ${process.version})\n`);
  process.exit(1);
}

const { fileURLToPath } = await import('node:url');
const installed = fileURLToPath(import.meta.url)
  .split(/[\\/]/)
  .includes('node_modules');
if (installed) {
  // Node 22.1+ keeps compiled code between runs (a no-op elsewhere).
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  await import('../dist/edges/cli/main.js');
} else {
  // In the repository: sources, with the packages' `tollgate-source` export condition
  // (so a tollgate.config.ts importing 'tollgate' gets the sources too).
  const { register } = await import('node:module');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register(new URL('./source-condition.mjs', import.meta.url));
  await import('../src/edges/cli/main.ts');
}

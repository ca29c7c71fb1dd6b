#!/usr/bin/env node
// The `stripe-emulator` command. Plain JavaScript that any Node parses: it checks
// the Node version first, then runs the compiled CLI from dist/ when the package
// is installed (under node_modules), or the TypeScript sources through tsx inside
// the Tollgate repository.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`stripe-emulator needs Node.js 20.19 or newer (this is ${process.version})\n`);
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
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}

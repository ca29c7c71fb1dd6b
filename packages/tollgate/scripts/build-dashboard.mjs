#!/usr/bin/env node
// build:finish: the operator dashboard's static assets (src/edges/dashboard/ui) into
// dist/edges/dashboard/assets/, where src/edges/dashboard/assets.ts reads them in the
// published package (from the sources they are bundled on first request).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ui = join(root, 'src/edges/dashboard/ui');
const out = join(root, 'dist/edges/dashboard/assets');
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: [join(ui, 'main.tsx')],
  bundle: true,
  write: false,
  format: 'esm',
  minify: true,
  jsx: 'automatic',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
writeFileSync(join(out, 'app.js'), result.outputFiles[0].text);
for (const css of ['app.css', 'signin.css']) copyFileSync(join(ui, css), join(out, css));
console.log(`dashboard assets: ${out}`);

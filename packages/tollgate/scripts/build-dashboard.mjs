#!/usr/bin/env node
// build:finish: the React apps the engine serves, bundled into dist beside the module that serves
// them, where src/edges/assets/browser-app.ts reads them in the published package (from the
// sources they are bundled on first request): the operator dashboard (src/edges/dashboard/ui)
// and the dev demo page on @tollgate/react (src/edges/server/demo/ui).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function bundleApp(folder, plainFiles) {
  const ui = join(root, 'src', folder, 'ui');
  const out = join(root, 'dist', folder, 'assets');
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(ui, 'main.tsx')],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    target: 'es2022',
    // The workspace's @tollgate/react from its sources (its dist may not be built yet).
    conditions: ['tollgate-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  for (const file of result.outputFiles) writeFileSync(join(out, `app${file.path.slice(file.path.lastIndexOf('.'))}`), file.text);
  for (const name of plainFiles) copyFileSync(join(ui, name), join(out, name));
  console.log(`${folder} assets: ${out}`);
}

await bundleApp('edges/dashboard', ['app.css', 'signin.css']);
await bundleApp('edges/server/demo', []);

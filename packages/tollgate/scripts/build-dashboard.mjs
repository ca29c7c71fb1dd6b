#!/usr/bin/env node
// build:finish: the React apps the engine serves, bundled into dist beside the module that serves
// them, where src/edges/assets/browser-app.ts reads them in the published package (from the
// sources they are bundled on first request): the operator dashboard (src/edges/dashboard/ui)
// and the dev demo page on @tollgate/react (src/edges/server/demo/ui).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// The same bundling the engine does from its sources, from the module tsc has just emitted into dist.
import { bundleBrowserApp } from '../dist/edges/assets/browser-app.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function bundleApp(folder, plainFiles) {
  const ui = join(root, 'src', folder, 'ui');
  const out = join(root, 'dist', folder, 'assets');
  mkdirSync(out, { recursive: true });
  const { js, css } = await bundleBrowserApp(join(ui, 'main.tsx'), 'warning');
  writeFileSync(join(out, 'app.js'), js);
  if (css !== '') writeFileSync(join(out, 'app.css'), css);
  for (const name of plainFiles) copyFileSync(join(ui, name), join(out, name));
  console.log(`${folder} assets: ${out}`);
}

await bundleApp('edges/dashboard', ['app.css', 'signin.css']);
await bundleApp('edges/server/demo', []);

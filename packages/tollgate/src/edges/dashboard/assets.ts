import { readFile } from 'node:fs/promises';

/**
 * The dashboard's static assets. Built into `dist/dashboard/assets/` at
 * package build (scripts/build-dashboard.mjs, in `build:finish`); running from
 * the repository's sources (no build), the bundle is made on first request
 * with esbuild (a dev dependency) and kept in memory.
 */
export type AssetName = 'app.js' | 'app.css' | 'signin.css';

const TYPES: Record<AssetName, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'signin.css': 'text/css; charset=utf-8',
};
const cache = new Map<AssetName, Promise<string>>();

export const isAsset = (name: string): name is AssetName => Object.hasOwn(TYPES, name);
export const assetType = (name: AssetName) => TYPES[name];

async function load(name: AssetName): Promise<string> {
  const built = new URL(`./assets/${name}`, import.meta.url);
  try {
    return await readFile(built, 'utf8');
  } catch {
    // Sources: the stylesheets are plain files beside the UI; the script is bundled now.
    if (name !== 'app.js') return readFile(new URL(`./ui/${name}`, import.meta.url), 'utf8');
    return bundle();
  }
}

async function bundle(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [new URL('./ui/main.tsx', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

export function dashboardAsset(name: AssetName): Promise<string> {
  let pending = cache.get(name);
  if (!pending) {
    pending = load(name);
    cache.set(name, pending);
    pending.catch(() => cache.delete(name));
  }
  return pending;
}

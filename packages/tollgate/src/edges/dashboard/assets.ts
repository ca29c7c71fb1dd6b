import { browserAppAssets } from '../assets/browser-app.ts';

/**
 * The dashboard's static assets (edges/assets/browser-app.ts): built into
 * `dist/edges/dashboard/assets/` at package build, bundled on first request
 * when running from the repository's sources.
 */
export type AssetName = 'app.js' | 'app.css' | 'signin.css';

const TYPES: Record<AssetName, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'signin.css': 'text/css; charset=utf-8',
};
const load = browserAppAssets(import.meta.url);

export const isAsset = (name: string): name is AssetName => Object.hasOwn(TYPES, name);
export const assetType = (name: AssetName) => TYPES[name];

export function dashboardAsset(name: AssetName): Promise<string> {
  return load(name);
}

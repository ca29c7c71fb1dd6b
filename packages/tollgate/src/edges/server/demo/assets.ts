import { browserAppAssets } from '../../assets/browser-app.ts';

/** The demo page's React app (ui/, on @tollgate/react): bundled at package build, or from the sources on first request. */
export type DemoAssetName = 'app.js' | 'app.css';

export const DEMO_ASSET_TYPES: Record<DemoAssetName, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export const demoAsset: (name: DemoAssetName) => Promise<string> = browserAppAssets(import.meta.url);

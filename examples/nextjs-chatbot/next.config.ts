import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The engine runs in Node as installed (its dist/, PGlite's WASM, pg), not bundled.
  serverExternalPackages: ['tollgate'],
  // The repository's `npm run typecheck` and `npm run lint` check these files with the rest.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;

import { readFile } from 'node:fs/promises';

/**
 * The static assets of a React app the engine serves (the `/admin` dashboard,
 * the dev demo page): `<module dir>/ui/main.tsx` bundled with esbuild. Built
 * into `<module dir>/assets/` at package build (scripts/build-dashboard.mjs,
 * in `build:finish`); running from the repository's sources (no build), the
 * bundle is made on first request with esbuild (a dev dependency) and kept in
 * memory. `app.js` is the bundle; `app.css` is the CSS the entry imports, when
 * it imports any; any other name is a plain file beside the UI.
 */
export function browserAppAssets(moduleUrl: string): (name: string) => Promise<string> {
  const cache = new Map<string, Promise<string>>();
  let bundled: Promise<{ js: string; css: string }> | undefined;

  async function fromSources(name: string): Promise<string> {
    bundled ??= bundleBrowserApp(new URL('./ui/main.tsx', moduleUrl).pathname);
    const pending = bundled;
    pending.catch(() => {
      if (bundled === pending) bundled = undefined;
    });
    if (name === 'app.js') return (await pending).js;
    if (name === 'app.css') {
      const { css } = await pending;
      if (css !== '') return css;
    }
    return readFile(new URL(`./ui/${name}`, moduleUrl), 'utf8');
  }

  async function load(name: string): Promise<string> {
    try {
      return await readFile(new URL(`./assets/${name}`, moduleUrl), 'utf8');
    } catch {
      return fromSources(name);
    }
  }

  return (name) => {
    let pending = cache.get(name);
    if (!pending) {
      pending = load(name);
      cache.set(name, pending);
      pending.catch(() => cache.delete(name));
    }
    return pending;
  };
}

/** A UI entry bundled with esbuild (a dev dependency): on first request from the sources, and by scripts/build-dashboard.mjs into dist. */
export async function bundleBrowserApp(entry: string, logLevel: 'silent' | 'warning' = 'silent'): Promise<{ js: string; css: string }> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    minify: true,
    jsx: 'automatic',
    target: 'es2022',
    // The workspace's packages (@tollgate/react) from their sources, as the tests run them.
    conditions: ['tollgate-source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel,
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}

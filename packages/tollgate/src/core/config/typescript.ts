import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../lib/errors.ts';

/**
 * How a tollgate.config.ts in `dir` can be imported: Tollgate runs as
 * TypeScript itself (in its repository, under tsx), Node strips types
 * (22.18+, 23.6+), or the project has tsx, which the CLI then registers. The
 * installed CLI carries no TypeScript loader of its own.
 */
export function typeScriptSupport(dir: string): 'running' | 'native' | { tsx: string } | undefined {
  if (import.meta.url.endsWith('.ts')) return 'running';
  const features = process.features as { typescript?: string | false };
  if (features.typescript) return 'native';
  try {
    return { tsx: tsxApi(createRequire(join(dir, 'package.json')).resolve('tsx/package.json')) };
  } catch {
    return undefined;
  }
}

/** The ES module build of tsx's `tsx/esm/api` (its CommonJS build registers a path that only the ES build has). */
function tsxApi(manifest: string): string {
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: Record<string, { import?: string | { default?: string } }> };
  const entry = exports?.['./esm/api']?.import;
  const file = typeof entry === 'string' ? entry : entry?.default;
  if (!file) throw new Error('tsx has no ES module build of tsx/esm/api');
  return join(dirname(manifest), file);
}

let registered = false;

/** Makes `import(file)` of a TypeScript config work, or says in one line how to. */
export async function prepareTypeScript(file: string): Promise<void> {
  const support = typeScriptSupport(dirname(file));
  if (support === undefined) {
    throw new ConfigError(
      `${basename(file)} is TypeScript, which Node ${process.version} cannot load by itself: npm install -D tsx (Tollgate uses it when present), use Node 22.18 or newer, or rename it tollgate.config.mjs`,
    );
  }
  if (typeof support === 'object' && !registered) {
    const { register } = (await import(pathToFileURL(support.tsx).href)) as { register: () => unknown };
    register();
    registered = true;
  }
}

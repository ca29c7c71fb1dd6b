import { randomBytes } from 'node:crypto';
import { access, copyFile, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../lib/errors.ts';
import type { TollgateConfig } from './types.ts';
import { prepareTypeScript } from './typescript.ts';
import { validateConfig } from './validate.ts';

export const CONFIG_FILES = ['tollgate.config.ts', 'tollgate.config.mts', 'tollgate.config.js', 'tollgate.config.mjs', 'tollgate.config.json'];

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Finds the config file in `dir` (the first of CONFIG_FILES that exists). */
export async function findConfigFile(dir: string): Promise<string | undefined> {
  for (const name of CONFIG_FILES) {
    const path = resolve(dir, name);
    if (await exists(path)) return path;
  }
  return undefined;
}

/**
 * The module as the file is now, past the module cache (which keeps a
 * module for the life of the process, whatever happens to its file): a copy
 * beside it under a name never used before, imported, then removed. Beside
 * it, so its relative imports resolve the same (those stay cached).
 */
async function importFresh(path: string): Promise<unknown> {
  const copy = join(dirname(path), `.${basename(path).replace(/(\.[mc]?[jt]s)$/, `.${process.pid}-${randomBytes(4).toString('hex')}$1`)}`);
  await copyFile(path, copy);
  try {
    return await import(pathToFileURL(copy).href);
  } finally {
    await rm(copy, { force: true });
  }
}

/**
 * Loads and validates a config file: JSON, JavaScript, or TypeScript (see
 * typescript.ts for how). Throws ConfigError listing every problem.
 */
export async function loadConfigFile(path: string, options: { fresh?: boolean } = {}): Promise<TollgateConfig> {
  let raw: unknown;
  if (path.endsWith('.json')) {
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(`${basename(path)}: cannot read JSON (${(e as Error).message})`);
    }
  } else {
    if (/\.[mc]?ts$/.test(path)) await prepareTypeScript(path);
    const module = (options.fresh ? await importFresh(path) : await import(pathToFileURL(path).href)) as { default?: unknown; config?: unknown };
    raw = module.default ?? module.config;
    if (raw === undefined) throw new ConfigError(`${basename(path)}: export the config as default (export default defineConfig({...}))`);
  }
  const result = validateConfig(raw, basename(path));
  if (!result.ok) throw new ConfigError(result.error.map((e) => e.message).join('\n'));
  return result.value;
}

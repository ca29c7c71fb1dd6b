import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../core/lib/errors.ts';

/** The folder the user ran the command from (npm scripts change cwd; INIT_CWD keeps it). */
export function userCwd(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD ?? process.cwd();
}

/**
 * The embedded database folder: .tollgate/data in the user's folder, or with
 * --data DIR, DIR/db (DIR/data when DIR holds a database there: the layout of
 * .tollgate, so `--data .tollgate` is the default database).
 */
export function dataDir(env: NodeJS.ProcessEnv, flag: unknown): string {
  if (typeof flag === 'string' && flag.length > 0) {
    const base = resolve(userCwd(env), flag);
    return existsSync(join(base, 'data', 'PG_VERSION')) ? join(base, 'data') : join(base, 'db');
  }
  return join(userCwd(env), '.tollgate', 'data');
}

/** What a Tollgate data folder holds (the database, dev's emulator state and key). */
const OURS = new Set(['db', 'data', 'emulator.json', 'dev-api-key', 'dev.pid']);

/**
 * Refuses a --data folder that is not a Tollgate data folder (it holds other
 * files and no database), rather than creating an empty database inside it.
 * A folder that does not exist yet, or is empty, is fine.
 */
export async function checkDataFlag(env: NodeJS.ProcessEnv, flag: unknown): Promise<void> {
  if (typeof flag !== 'string' || flag.length === 0) return;
  const base = resolve(userCwd(env), flag);
  const entries: string[] = await readdir(base).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    if (e.code === 'ENOTDIR') throw new ConfigError(`--data ${flag} is a file, not a folder`);
    throw e;
  });
  if (entries.includes('PG_VERSION'))
    throw new ConfigError(`--data ${flag} is a database folder itself: pass the folder that holds it (--data ${dirname(base)})`);
  if (entries.length === 0 || entries.some((e) => OURS.has(e))) return;
  throw new ConfigError(
    `--data ${flag} is not a Tollgate data folder (it holds other files and no database): give a new or empty folder, or one Tollgate created`,
  );
}

export function parsePort(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`${name} must be a port number from 0 to 65535 (got ${JSON.stringify(value)})`);
  }
  return port;
}

import { join, resolve } from 'node:path';

/** The folder the user ran the command from (npm scripts change cwd; INIT_CWD keeps it). */
export function userCwd(env: NodeJS.ProcessEnv): string {
  return env.INIT_CWD ?? process.cwd();
}

/** The embedded database folder: --data DIR, else .tollgate/data in the user's folder. */
export function dataDir(env: NodeJS.ProcessEnv, flag: unknown): string {
  if (typeof flag === 'string' && flag.length > 0) return join(resolve(userCwd(env), flag), 'db');
  return join(userCwd(env), '.tollgate', 'data');
}

export function parsePort(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`${name} must be a port number from 0 to 65535 (got ${JSON.stringify(value)})`);
  }
  return port;
}

import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrate.ts';
import { wrapPglite } from './wrap-pglite.ts';

/**
 * A new embedded database starts from a template: a PGlite data folder
 * already migrated, made when the package is built (dist/pglite-template.*)
 * and unpacked into the new folder. That replaces `initdb` and the first
 * migrations (seconds) by writing about a thousand files (a few hundred ms).
 * Without a template (the repository's sources, or a PGlite of another
 * version than the one it was made with) a new folder is created as before.
 */
export interface TemplateInfo {
  /** The PGlite version that made it (its major.minor must match the one installed). */
  pglite: string;
  /** The migrations applied in it. */
  migrations: string[];
}

const PACKAGED = fileURLToPath(new URL('../pglite-template.tar.gz', import.meta.url));

export function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const minor = (version: string) => version.split('.').slice(0, 2).join('.');

/** The packaged template, when there is one this PGlite can open. */
export async function packagedTemplate(file = PACKAGED): Promise<Uint8Array | undefined> {
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(await readFile(file.replace(/\.tar\.gz$/, '.json'), 'utf8')) as TemplateInfo;
  if (minor(info.pglite) !== minor(installedPgliteVersion())) return undefined;
  return readFile(file);
}

/** Makes a template: an in-memory PGlite, migrated, dumped as a gzipped tar of its data folder. */
export async function buildPgliteTemplate(): Promise<{ archive: Uint8Array; info: TemplateInfo }> {
  const client = new PGlite();
  try {
    const { applied } = await migrate(wrapPglite(client).db);
    await client.query('checkpoint');
    const dump = await client.dumpDataDir('gzip');
    return { archive: new Uint8Array(await dump.arrayBuffer()), info: { pglite: installedPgliteVersion(), migrations: applied } };
  } finally {
    await client.close();
  }
}

function field(block: Uint8Array, start: number, length: number): string {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
}

/**
 * Unpacks a template (a gzipped ustar archive of regular files and folders)
 * as `dir`, which must be empty or absent: beside it first, then renamed into
 * place, so a crash half-way never leaves a half-made database.
 */
export async function restorePgliteTemplate(archive: Uint8Array, dir: string): Promise<number> {
  if ((await readdir(dir).catch(() => [])).length > 0) throw new Error(`${dir} is not empty`);
  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  try {
    const files = await unpack(gunzipSync(archive), partial);
    await rmdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(partial, dir);
    return files;
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

async function unpack(tar: Uint8Array, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  let files = 0;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    const name = field(header, 0, 100);
    if (name === '') break;
    const prefix = field(header, 345, 155);
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const relative = normalize(`${prefix ? `${prefix}/` : ''}${name}`).replace(/^[/\\]+/, '');
    if (relative.split(sep).includes('..')) throw new Error(`template entry escapes its folder: ${name}`);
    const target = join(dir, relative);
    at += 512;
    if (type === '5') await mkdir(target, { recursive: true });
    else if (type === '0' || type === '\0') {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, tar.subarray(at, at + size));
      files++;
    } else throw new Error(`template entry ${name} has an unsupported type "${type}"`);
    at += Math.ceil(size / 512) * 512;
  }
  return files;
}

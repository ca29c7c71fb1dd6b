import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from './connect.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { buildPgliteTemplate, installedPgliteVersion, packagedTemplate, restorePgliteTemplate } from './pglite-template.ts';

/** A one-entry ustar archive (what a hostile or broken template could hold). */
function tarOf(name: string, content: string): Uint8Array {
  const header = Buffer.alloc(512);
  header.write(name, 0);
  header.write('0000644\0', 100);
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('0', 156);
  const body = Buffer.alloc(512);
  body.write(content, 0);
  return gzipSync(Buffer.concat([header, body, Buffer.alloc(1024)]));
}

describe('the migrated PGlite template a new embedded database starts from', { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const temp = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-template-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('unpacks into a database PGlite opens with every migration applied', async () => {
    const { archive, info } = await buildPgliteTemplate();
    expect(info).toEqual({ pglite: installedPgliteVersion(), migrations: (await loadMigrations()).map((m) => m.tag) });
    const folder = join(await temp(), 'db');
    expect(await restorePgliteTemplate(archive, folder)).toBeGreaterThan(100);
    expect(await readdir(folder)).toContain('PG_VERSION');
    const database = await connect({ dataDir: folder });
    try {
      expect(await migrate(database.db)).toEqual({ applied: [], total: info.migrations.length });
    } finally {
      await database.close();
    }
    await expect(restorePgliteTemplate(archive, folder)).rejects.toThrow(/is not empty/);
  });

  it('is used only with the PGlite minor version it was made with', async () => {
    const dir = await temp();
    const file = join(dir, 'pglite-template.tar.gz');
    expect(await packagedTemplate(file)).toBeUndefined();
    await writeFile(file, tarOf('PG_VERSION', '17\n'));
    await writeFile(join(dir, 'pglite-template.json'), JSON.stringify({ pglite: installedPgliteVersion(), migrations: [] }));
    expect(await packagedTemplate(file)).toBeInstanceOf(Uint8Array);
    await writeFile(join(dir, 'pglite-template.json'), JSON.stringify({ pglite: '0.1.0', migrations: [] }));
    expect(await packagedTemplate(file)).toBeUndefined();
  });

  it('refuses an entry that would land outside the folder, and leaves nothing behind', async () => {
    const dir = await temp();
    await mkdir(join(dir, 'db'));
    await expect(restorePgliteTemplate(tarOf('../escape', 'x'), join(dir, 'db'))).rejects.toThrow(/escapes its folder/);
    expect((await readdir(dir)).sort()).toEqual(['db']);
    expect(await readdir(join(dir, 'db'))).toEqual([]);
  });
});

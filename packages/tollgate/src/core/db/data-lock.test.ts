import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from './connect.ts';
import { acquireDataLock, askHolder, DataLockedError, type LockMode, lockAddress } from './data-lock.ts';

const HOLDER = fileURLToPath(new URL('./hold-data-lock.test-support.ts', import.meta.url));

/** A child process holding the folder's lock (ready once it says so). */
async function holdInChild(folder: string, mode: LockMode): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, folder, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().startsWith('held')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`holder exited (${code}): ${err}`)));
  });
  return child;
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('the embedded database folder lock', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const folder = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await killHard(child);
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  for (const mode of ['abstract', 'file'] as const) {
    it(`(${mode}) is held by one process, names it to the others, and is free the moment the holder is killed with SIGKILL`, async () => {
      const dir = await folder();
      const child = await holdInChild(dir, mode);
      children.push(child);
      const refused = await acquireDataLock(dir, { command: 'second', mode }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(DataLockedError);
      expect((refused as DataLockedError).holder).toMatchObject({ pid: child.pid, command: 'test holder', url: 'http://127.0.0.1:1' });
      expect((refused as Error).message).toBe(
        `the embedded database ${dir} is in use by test holder (pid ${child.pid}, http://127.0.0.1:1); stop it first, go through it, or use DATABASE_URL (Postgres) for more than one process`,
      );
      expect(await askHolder(dir, 'migrate', { mode })).toMatchObject({ holder: { pid: child.pid }, value: { applied: [], total: 0 } });
      expect(await askHolder(dir, 'reload-config', { mode })).toMatchObject({ error: 'unknown request "reload-config"' });

      await killHard(child);
      if (mode === 'file') expect(existsSync(await lockAddress(dir, mode))).toBe(true); // the crash left its socket file
      // No stale lock: the system closed the socket with the process (file mode clears the file it left).
      const lock = await acquireDataLock(dir, { command: 'after the crash', mode });
      expect(await askHolder(dir, 'info', { mode })).toMatchObject({ holder: { pid: process.pid, command: 'after the crash' } });
      await lock.release();
      expect(await askHolder(dir, 'info', { mode })).toBeNull();
    });
  }

  it('refuses a second holder in the same process, and a symlinked path is the same folder', async () => {
    const dir = await folder();
    const lock = await acquireDataLock(dir, { command: 'first' });
    try {
      await writeFile(join(dir, 'x'), '');
      const { symlink } = await import('node:fs/promises');
      await symlink(dir, `${dir}-link`);
      dirs.push(`${dir}-link`);
      await expect(acquireDataLock(`${dir}-link`, { command: 'second' })).rejects.toThrow(/in use by first \(pid \d+, this very process\)/);
    } finally {
      await lock.release();
    }
  });

  it('connect() takes it for an embedded database on disk: a second open is refused, the first keeps working', async () => {
    const dir = join(await folder(), 'db');
    const first = await connect({ dataDir: dir, holder: 'tollgate dev' });
    try {
      await expect(connect({ dataDir: dir })).rejects.toThrow(/^the embedded database .* is in use by tollgate dev \(pid \d+, this very process\)/);
      await first.db.execute(sql`create table t (n int)`);
    } finally {
      await first.close();
    }
    const second = await connect({ dataDir: dir });
    await second.close();
  }, 60_000);

  it('will not create a database inside a folder that holds something else', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'photos'));
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await expect(connect({ dataDir: dir })).rejects.toThrow(
      /is not an embedded Tollgate database: it holds other files \(notes\.txt, photos\) and no PG_VERSION/,
    );
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'photos']);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
  });
});

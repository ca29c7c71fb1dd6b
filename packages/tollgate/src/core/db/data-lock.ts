import { createHash } from 'node:crypto';
import { mkdir, realpath, rm, rmdir, stat } from 'node:fs/promises';
import { connect as netConnect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../lib/errors.ts';

/**
 * One process at a time opens an embedded (PGlite) database folder: two
 * would each write the same files and leave the database unopenable.
 *
 * The lock is a listening socket whose address is derived from the folder's
 * real path. Binding is atomic (two processes cannot both hold it), and the
 * operating system closes it when its process ends, however it ends
 * (`kill -9` included), so a crash never leaves a stale lock behind:
 * - Linux: an abstract unix socket (no file at all);
 * - Windows: a named pipe;
 * - elsewhere (macOS): a unix socket file in the temp folder; a file left by
 *   a crash refuses connections, and the one process that wins a `mkdir`
 *   mutex removes it.
 * The holder answers on the socket: who it is (pid, command, URL), and the
 * requests it registered (`migrate`, `reload-config`), so that other commands
 * can go through it or refuse naming it.
 */
export interface HolderInfo {
  pid: number;
  /** What holds it: `tollgate dev`, `tollgate serve`, `tollgate migrate`, an app. */
  command: string;
  /** Where it serves, when it does. */
  url?: string;
  startedAt: string;
}

export type LockRequestHandler = () => Promise<unknown>;

export interface DataLock {
  readonly folder: string;
  readonly info: HolderInfo;
  /** Tells later callers more (the URL once listening). */
  describe(info: Partial<Omit<HolderInfo, 'pid'>>): void;
  /** Answers `op` for other processes (`migrate`, `reload-config`). */
  handle(op: string, handler: LockRequestHandler): void;
  release(): Promise<void>;
}

export class DataLockedError extends ConfigError {
  constructor(
    readonly folder: string,
    readonly holder: HolderInfo | null,
  ) {
    super(
      `the embedded database ${folder} is in use by ${describeHolder(holder)}; stop it first, go through it, or use DATABASE_URL (Postgres) for more than one process`,
    );
    this.name = 'DataLockedError';
  }
}

export function describeHolder(holder: HolderInfo | null): string {
  if (!holder) return 'another process (it does not answer)';
  const self = holder.pid === process.pid ? ', this very process' : '';
  return `${holder.command} (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}${self})`;
}

export type LockMode = 'abstract' | 'pipe' | 'file';

function defaultMode(): LockMode {
  if (process.platform === 'linux') return 'abstract';
  if (process.platform === 'win32') return 'pipe';
  return 'file';
}

/** The folder's real path when it exists (symlinks and `..` give one lock), else its absolute path. */
async function canonical(folder: string): Promise<string> {
  return realpath(folder).catch(() => resolve(folder));
}

/** Where the lock of `folder` listens (an abstract name, a pipe, or a socket file). */
export async function lockAddress(folder: string, mode: LockMode = defaultMode()): Promise<string> {
  const hash = createHash('sha256')
    .update(await canonical(folder))
    .digest('hex')
    .slice(0, 32);
  if (mode === 'abstract') return `\0tollgate-data-lock-${hash}`;
  if (mode === 'pipe') return `\\\\?\\pipe\\tollgate-data-lock-${hash}`;
  return join(tmpdir(), `tollgate-${hash.slice(0, 20)}.lock`);
}

function listenOn(server: Server, address: string): Promise<'ok' | 'in-use'> {
  return new Promise((done, fail) => {
    const onError = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? done('in-use') : fail(error));
    server.once('error', onError);
    server.listen(address, () => {
      server.off('error', onError);
      done('ok');
    });
  });
}

/** Sends one request to the holder at `address`; null when nobody answers (the error's code says why). */
function ask(address: string, op: string, timeoutMs: number): Promise<{ ok: boolean; value?: unknown; error?: string } | { refused: string }> {
  return new Promise((done) => {
    const socket = netConnect(address);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      done({ refused: 'ETIMEDOUT' });
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ op })}\n`));
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        done(JSON.parse(text) as { ok: boolean; value?: unknown; error?: string });
      } catch {
        done({ refused: 'EPROTO' });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      done({ refused: error.code ?? 'ERROR' });
    });
  });
}

/** Asks the process holding `folder` to run `op` (`info`, `migrate`, `reload-config`); null when no process holds it. */
export async function askHolder(
  folder: string,
  op: string,
  options: { mode?: LockMode; timeoutMs?: number } = {},
): Promise<{ holder: HolderInfo | null; value?: unknown; error?: string } | null> {
  const address = await lockAddress(folder, options.mode ?? defaultMode());
  const info = await ask(address, 'info', options.timeoutMs ?? 2000);
  if ('refused' in info) return info.refused === 'ENOENT' || info.refused === 'ECONNREFUSED' ? null : { holder: null };
  const holder = (info.value as HolderInfo | undefined) ?? null;
  if (op === 'info') return { holder };
  const answer = await ask(address, op, options.timeoutMs ?? 60_000);
  if ('refused' in answer) return { holder, error: `it did not answer (${answer.refused})` };
  return answer.ok ? { holder, value: answer.value } : { holder, error: answer.error ?? 'refused' };
}

/** Removes a socket file left by a crash (file mode), if it is one: one process at a time, under a mkdir mutex. */
async function clearStale(address: string): Promise<void> {
  const mutex = `${address}.takeover`;
  try {
    await mkdir(mutex);
  } catch {
    // Another process is clearing it, or a crash left the mutex: an old one is removed, then the caller retries.
    const age = await stat(mutex).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > 10_000) await rmdir(mutex).catch(() => {});
    return;
  }
  try {
    const probe = await ask(address, 'info', 1000);
    if ('refused' in probe && probe.refused === 'ECONNREFUSED') await rm(address, { force: true });
  } finally {
    await rmdir(mutex).catch(() => {});
  }
}

/**
 * Takes the lock of `folder` for this process, or throws `DataLockedError`
 * naming the process that holds it.
 */
export async function acquireDataLock(folder: string, options: { command: string; mode?: LockMode }): Promise<DataLock> {
  const mode = options.mode ?? defaultMode();
  const address = await lockAddress(folder, mode);
  const info: HolderInfo = { pid: process.pid, command: options.command, startedAt: new Date().toISOString() };
  const handlers = new Map<string, LockRequestHandler>([['info', () => Promise.resolve(info)]]);
  const serve = () =>
    createServer((socket) => {
      socket.unref();
      socket.setEncoding('utf8');
      let text = '';
      socket.on('error', () => {});
      socket.on('data', (chunk: string) => {
        text += chunk;
        const newline = text.indexOf('\n');
        if (newline < 0) return;
        let op = '';
        try {
          const asked = (JSON.parse(text.slice(0, newline)) as { op?: unknown }).op;
          op = typeof asked === 'string' ? asked : '';
        } catch {
          // a malformed request gets an error answer below
        }
        const handler = handlers.get(op);
        const reply = handler
          ? handler().then(
              (value) => ({ ok: true, value }),
              (e: unknown) => ({ ok: false, error: e instanceof Error ? e.message : String(e) }),
            )
          : Promise.resolve({ ok: false, error: `unknown request "${op}"` });
        void reply.then((body) => socket.end(JSON.stringify(body)));
      });
    });
  let server: Server;
  for (let attempt = 0; ; attempt++) {
    server = serve();
    if ((await listenOn(server, address)) === 'ok') break;
    const asked = await askHolder(folder, 'info', { mode, timeoutMs: 2000 });
    if (asked) throw new DataLockedError(folder, asked.holder);
    // Nobody answered: the holder let go a moment ago (try again), or a crash left a socket file (file mode).
    if (attempt >= 3) throw new DataLockedError(folder, null);
    if (mode === 'file') await clearStale(address);
  }
  server.unref();
  let released = false;
  return {
    folder,
    info,
    describe(more) {
      Object.assign(info, more);
    },
    handle(op, handler) {
      handlers.set(op, handler);
    },
    async release() {
      if (released) return;
      released = true;
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

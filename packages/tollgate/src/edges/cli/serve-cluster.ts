import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from './command.ts';

const BIN = fileURLToPath(new URL('../../../bin/tollgate.mjs', import.meta.url));

/** What a serving process tells the primary once it listens. */
interface ListeningMessage {
  tollgate: 'listening';
  url: string;
}

function isListening(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as { tollgate?: unknown }).tollgate === 'listening';
}

/** True in a process the primary forked to serve HTTP. */
export function isServeWorker(): boolean {
  return cluster.isWorker && process.env.TOLLGATE_SERVE_PROCESS !== undefined;
}

/** A serving process reports its URL to the primary. */
export function reportListening(url: string): void {
  const message: ListeningMessage = { tollgate: 'listening', url };
  process.send?.(message);
}

/** A serving process stops when the primary says so (or on its own signal). */
export function primaryStop(): Promise<void> {
  return new Promise((resolve) => {
    process.on('message', (message) => {
      if (message === 'tollgate:stop') resolve();
    });
    process.once('disconnect', () => resolve());
  });
}

export interface ServeCluster {
  /** The URL the processes share (they listen on one port). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Forks `processes` copies of `tollgate serve` that share one listening port
 * (node:cluster hands each new connection to the next process). A process that
 * dies is replaced. Resolves once all of them listen.
 */
export async function startServeCluster(args: string[], processes: number, io: CommandIo): Promise<ServeCluster> {
  cluster.setupPrimary({ exec: BIN, args: ['serve', ...args], silent: false });
  let stopping = false;
  const workers = new Set<Worker>();

  const fork = (index: number): Promise<string> => {
    const worker = cluster.fork({ ...io.env, TOLLGATE_SERVE_PROCESS: String(index) });
    workers.add(worker);
    return new Promise<string>((resolve, reject) => {
      let listening = false;
      worker.on('message', (message: unknown) => {
        if (!isListening(message)) return;
        listening = true;
        resolve(message.url);
      });
      worker.once('exit', (code, signal) => {
        workers.delete(worker);
        if (!listening) {
          reject(new Error(`serving process ${index} exited before listening (code ${code ?? signal})`));
          return;
        }
        if (stopping) return;
        io.err(`tollgate serve: process ${index} exited (code ${code ?? signal}); starting another`);
        fork(index).catch((e: unknown) => io.err(`tollgate serve: process ${index} did not restart: ${(e as Error).message}`));
      });
    });
  };

  const stop = async () => {
    stopping = true;
    await Promise.all(
      [...workers].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.send('tollgate:stop');
            setTimeout(() => worker.kill(), 10_000).unref();
          }),
      ),
    );
  };

  try {
    const urls = await Promise.all(Array.from({ length: processes }, (_, i) => fork(i + 1)));
    return { url: urls[0] ?? '', stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

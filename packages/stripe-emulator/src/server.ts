import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createEmulatorApp } from './app.ts';
import type { Emulator } from './core/emulator.ts';
import { nodeListener } from './core/node-listener.ts';
import { persistTo } from './core/persist.ts';
import { runDueTransitions } from './resources/subscriptions/lifecycle.ts';

export interface StartOptions extends AppOptions {
  port?: number;
  host?: string;
  /** Persist every object to this JSON file (loaded at start, saved as it changes and on close). */
  dataFile?: string;
  /**
   * How often objects on real time (no test clock) get their due transitions (renewals, retries,
   * expiries), in ms. Default 1000; 0 turns the scheduler off.
   */
  schedulerIntervalMs?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** The emulator's state (store, clock, events), for tests and tools. */
  emulator: Emulator;
  close(): Promise<void>;
}

/** Starts the emulator on a port (0, the default, picks a free one). */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const app = createEmulatorApp(options);
  const em = app.emulator;
  if (options.dataFile) persistTo(em, options.dataFile);
  const every = options.schedulerIntervalMs ?? 1000;
  if (every > 0) {
    const timer = setInterval(() => {
      try {
        runDueTransitions(em, null, em.now());
      } catch (error) {
        console.error('stripe-emulator: scheduled transition failed', error);
      }
    }, every);
    timer.unref();
    em.onClose(() => clearInterval(timer));
  }
  let origin = `http://${host}`;
  const server = createServer({ keepAliveTimeout: 65_000 }, nodeListener(app.handle, () => origin, () => em.clock.now()));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://${host}:${port}`;
      origin = url;
      if (options.publicUrl === undefined) em.publicUrl = url;
      resolve({
        url,
        emulator: em,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            em.close();
            server.close((e) => (e ? fail(e) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

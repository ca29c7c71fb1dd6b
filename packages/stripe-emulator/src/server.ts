import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createEmulatorApp } from './app.ts';
import type { Emulator } from './core/emulator.ts';

export interface StartOptions extends AppOptions {
  port?: number;
  host?: string;
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
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host}:${info.port}`;
      if (options.publicUrl === undefined) app.emulator.publicUrl = url;
      resolve({
        url,
        emulator: app.emulator,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            app.emulator.close();
            server.close((e) => (e ? fail(e) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves a fetch handler on a Node HTTP listener. Port 0 picks a free port. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; host?: string },
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: options.port, hostname: host }, (info: AddressInfo) => {
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}

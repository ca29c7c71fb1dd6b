import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchHandler, NodeListener } from './node-listener.ts';
import { nodeHandler } from './node.ts';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a Tollgate app (its `nodeListener`, with the billing routes' direct
 * path) or any fetch handler on a Node HTTP listener. Port 0 picks a free port.
 */
export async function listen(target: FetchHandler | { nodeListener(): NodeListener }, options: { port: number; host?: string }): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(nodeHandler(target));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

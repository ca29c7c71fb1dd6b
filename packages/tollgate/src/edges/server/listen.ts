import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchHandler, NodeListener } from './node-listener.ts';
import { nodeHandler } from './node.ts';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host?: string;
  /**
   * How long a client has to send its whole request, headers and body, ms
   * (default 10,000): a client that trickles its body is answered 408 and
   * its socket closed, instead of holding it for Node's default five minutes.
   */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Serves a Tollgate app (its `nodeListener`, with the billing routes' direct
 * path) or any fetch handler on a Node HTTP listener. Port 0 picks a free port.
 */
export async function listen(target: FetchHandler | { nodeListener(): NodeListener }, options: ListenOptions): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node checks the timeouts on this interval (default 30 s): a fraction of the timeout keeps it near its word.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
    nodeHandler(target),
  );
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

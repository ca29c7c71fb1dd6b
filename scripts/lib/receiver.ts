// An app's endpoint for Tollgate's outbound webhooks: counts every delivery by webhook-id.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AppReceiver {
  url: string;
  /** Deliveries per webhook-id (more than one: redelivered, deduplicated by the app). */
  byId: Map<string, { type: string; count: number }>;
  close(): Promise<void>;
}

export async function startAppReceiver(): Promise<AppReceiver> {
  const byId = new Map<string, { type: string; count: number }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      const type = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string }).type;
      const seen = byId.get(id);
      if (seen) seen.count++;
      else byId.set(id, { type, count: 1 });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    byId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

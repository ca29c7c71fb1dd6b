import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

/**
 * A Node `(req, res)` listener for a fetch handler: mount Tollgate in Express
 * (`app.use(nodeHandler(tollgate.fetch))`) or a plain `http.createServer`.
 * Express must not have consumed the body first (mount before `express.json()`)
 * and the paths stay the full `/api/v1/...` ones.
 */
export function nodeHandler(fetch: (request: Request) => Response | Promise<Response>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener(fetch);
}

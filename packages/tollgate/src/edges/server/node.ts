import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNodeListener, type FetchHandler, type NodeListener } from './node-listener.ts';

/**
 * A Node `(req, res)` listener: mount Tollgate in Express
 * (`app.use(nodeHandler(tollgate))`) or a plain `http.createServer`. Given the
 * app itself, the billing routes take the direct Node path; given a fetch
 * handler, everything goes through it. Express must not have consumed the
 * body first (mount before `express.json()`) and the paths stay the full
 * `/api/v1/...` ones.
 */
export function nodeHandler(target: FetchHandler | { nodeListener(): NodeListener }): (req: IncomingMessage, res: ServerResponse) => void {
  return typeof target === 'function' ? createNodeListener(target) : target.nodeListener();
}

import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { decodeUtf8 } from '../../core/lib/input.ts';

/**
 * Hono's bodyLimit, without touching the body when Content-Length already
 * answers: on the Node listener, reading `request.body` at all makes the
 * adapter build a full web Request with a body stream (a tenth of a small
 * request's CPU). Chunked bodies go through Hono's own check.
 */
export function limitBody(maxSize: number, onError: (c: Context) => Response): MiddlewareHandler {
  const streamed = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    }
    return streamed(c, next);
  };
}

/** The Node request behind a Hono context, when served by `@hono/node-server` (listen.ts, node.ts). */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const { incoming } = env;
  return typeof incoming === 'object' && incoming !== null && 'readableDidRead' in incoming ? (incoming as IncomingMessage) : undefined;
}

/**
 * The request body as text. On Node, a body with a Content-Length (already
 * checked by `limitBody`) that nobody has started to read is read straight from
 * the socket's stream; anything else (chunked bodies, other runtimes,
 * `app.request` in tests) through the web Request.
 */
export function bodyText(c: Context): Promise<string> {
  const incoming = nodeIncoming(c);
  if (
    !incoming ||
    incoming.readableDidRead ||
    incoming.readableEnded ||
    c.req.header('content-length') === undefined ||
    c.req.header('transfer-encoding') !== undefined
  ) {
    return c.req.arrayBuffer().then((bytes) => decodeUtf8(new Uint8Array(bytes)));
  }
  return readNodeBody(incoming);
}

/** All of a Node request's body as UTF-8 text (malformed UTF-8 is a 400, never U+FFFD: lib/input.ts). */
export function readNodeBody(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => {
      try {
        resolve(decodeUtf8(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    incoming.once('error', reject);
  });
}

/** The client went away before its request was read whole (closed the connection, or the request timeout ended it). */
export function clientGone(incoming: IncomingMessage | undefined): boolean {
  return incoming !== undefined && !incoming.complete && (incoming.destroyed || incoming.readableAborted);
}

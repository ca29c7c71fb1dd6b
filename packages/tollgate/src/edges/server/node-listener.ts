import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Ids } from '../../core/lib/ids.ts';
import type { Logger } from '../../core/lib/log.ts';
import { clientGone, readNodeBody } from './body.ts';
import { errorFromThrown } from './errors.ts';
import { errorReply, type JsonReply } from '../../core/lib/errors.ts';
import type { RouteCall, RouteRunner } from './register.ts';
import { sanitizeRequestId } from './request-id.ts';

export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;
/** A fetch handler as `@hono/node-server` calls it (the second argument carries Node's `incoming` and `outgoing`). */
export type FetchHandler = Parameters<typeof getRequestListener>[0];

/** What the direct path needs from the app: the routes' runners by `METHOD /full/path`. */
export interface DirectRoutes {
  runners: Map<string, RouteRunner>;
  ids: Ids;
  log: Logger;
  maxBodyBytes: number;
}

/**
 * A Node `(req, res)` listener for the app. The billing routes' requests that
 * the full web pipeline would answer the same way (no Origin header, so no
 * CORS; a body with a Content-Length within the limit) go straight to the
 * route's runner with Node's own request and response: no web Request,
 * Headers or Response is built (10-17% of a small request's server CPU in
 * bench/http.ts).
 * Everything else (webhooks, health, docs, browsers, chunked bodies, unknown
 * paths) goes through the fetch handler, as `@hono/node-server` serves it.
 */
export function createNodeListener(fetch: FetchHandler, direct?: DirectRoutes): NodeListener {
  const fallback = getRequestListener(fetch);
  if (!direct) return (req, res) => void fallback(req, res);
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const runner = direct.runners.get(`${req.method ?? ''} ${path}`);
    if (!runner || !directEligible(req, direct.maxBodyBytes)) {
      void fallback(req, res);
      return;
    }
    const requestId = sanitizeRequestId(req.headers['x-request-id']) ?? direct.ids.next('req');
    serveDirect(direct, runner, req, res, requestId, path, q < 0 ? '' : url.slice(q + 1)).catch((e: unknown) => {
      // Writing the answer failed (say, a value JSON cannot hold): a logged 500, never an unhandled rejection.
      if (res.headersSent) res.destroy();
      else writeJson(res, errorReply(errorFromThrown(e, direct.log, path)), requestId);
    });
  };
}

function writeJson(res: ServerResponse, reply: JsonReply, requestId: string): void {
  const json = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers, 'content-length': Buffer.byteLength(json), 'x-request-id': requestId });
  res.end(json);
}

function directEligible(req: IncomingMessage, maxBodyBytes: number): boolean {
  const headers = req.headers;
  if (headers.origin !== undefined || headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  return length === undefined || Number(length) <= maxBodyBytes;
}

/** The query as Hono reads it: first value of each name wins, `+` is a space, empty names are skipped. */
export function queryRecord(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (search === '') return out;
  for (const [name, value] of new URLSearchParams(search)) {
    if (name !== '' && !(name in out)) out[name] = value;
  }
  return out;
}

/** A route call read straight from Node's request (a class: nothing is allocated per request beyond the one object). */
class DirectCall implements RouteCall {
  constructor(
    private readonly req: IncomingMessage,
    private readonly search: string,
    readonly requestId: string,
  ) {}

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  query(): Record<string, string> {
    return queryRecord(this.search);
  }

  rawQuery(): string {
    return this.search;
  }

  bodyText(): Promise<string> {
    return readNodeBody(this.req);
  }

  get address(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  request(): Request {
    // The direct path is off when an app's hook authenticates (createApp), so nothing asks for it.
    throw new Error('the direct Node path has no web Request');
  }
}

async function serveDirect(
  direct: DirectRoutes,
  runner: RouteRunner,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  path: string,
  search: string,
): Promise<void> {
  let reply: JsonReply | Response;
  try {
    reply = await runner(new DirectCall(req, search, requestId));
  } catch (e) {
    if (clientGone(req)) {
      // Not the server's failure: one quiet line, no stack, nobody to answer.
      direct.log.info('client went away before its request was read', { path, requestId });
      res.destroy();
      return;
    }
    reply = errorReply(errorFromThrown(e, direct.log, path));
  }
  if (reply instanceof Response) {
    const body = Buffer.from(await reply.arrayBuffer());
    const headers: Record<string, string> = Object.fromEntries(reply.headers);
    res.writeHead(reply.status, { ...headers, 'content-length': body.byteLength, 'x-request-id': requestId });
    res.end(body);
    return;
  }
  writeJson(res, reply, requestId);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { stripeJson } from './json.ts';
import { DroppedConnection, type RawRequest, type RawResult } from './raw.ts';

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function rawFromNode(req: IncomingMessage, origin: string): RawRequest {
  let text: Promise<string> | undefined;
  let textValue = '';
  const method = req.method ?? 'GET';
  const header = (name: string): string | null => {
    const value = req.headers[name];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    method,
    target: req.url ?? '/',
    origin,
    header,
    text: () => {
      text ??= readText(req).then((t) => (textValue = t));
      return text;
    },
    toRequest: () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      return new Request(origin + (req.url ?? '/'), { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: textValue }) });
    },
  };
}

async function writeResult(res: ServerResponse, result: RawResult, date: string): Promise<void> {
  if (result instanceof Response) {
    const headers: Record<string, string> = { date };
    result.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = Buffer.from(await result.arrayBuffer());
    headers['content-length'] = String(body.byteLength);
    res.writeHead(result.status, headers);
    res.end(body);
    return;
  }
  // One write with a known length (no chunked encoding): header and body leave together.
  result.headers['content-length'] = String(Buffer.byteLength(result.body));
  result.headers.date ??= date;
  res.writeHead(result.status, result.headers);
  res.end(result.body);
}

/**
 * The thin Node adapter: IncomingMessage -> RawRequest -> app -> ServerResponse.
 * The `Date` header is the emulator's time (`now`, ms), as Stripe's is Stripe's:
 * clients date what they fetch by it.
 */
export function nodeListener(handle: (request: RawRequest) => Promise<RawResult>, origin: () => string, now: () => number = Date.now) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(rawFromNode(req, origin()))
      .then((result) => writeResult(res, result, new Date(now()).toUTCString()))
      .catch((error: unknown) => {
        if (error instanceof DroppedConnection) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(stripeJson({ error: { type: 'api_error', message: `Internal emulator error: ${error instanceof Error ? error.message : String(error)}` } }));
      });
  };
}

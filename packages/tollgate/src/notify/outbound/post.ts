import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, PrivateAddressError, privateUrlReason } from './address-guard.ts';

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  /** Whole-request deadline, ms: connect, send, and the answer's status line. */
  timeoutMs: number;
  /** Deliver to loopback, private and link-local addresses too (off unless the operator allows it). */
  allowPrivate: boolean;
}

/**
 * POSTs one webhook and resolves with the answer's status. Never follows a
 * redirect (a 3xx is the answer, and a failure: a redirect to an internal
 * address would be a request forgery); refuses private addresses unless
 * allowed, checking the address the socket really connects to; gives up at
 * `timeoutMs` however the endpoint stalls (a hanging endpoint holds one
 * request of its own lane, no more).
 */
export function postWebhook(url: string, options: PostOptions): Promise<number> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new Error(`not a URL: ${url}`));
  }
  if (!options.allowPrivate) {
    const reason = privateUrlReason(target);
    if (reason) return Promise.reject(new PrivateAddressError(reason));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send(target, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)), 'user-agent': 'Tollgate-Webhooks/1' },
      ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    timer.unref();
    req.once('response', (res: IncomingMessage) => {
      clearTimeout(timer);
      // The answer's body is not read: drop it and free the socket.
      res.resume();
      res.once('error', () => {});
      resolve(res.statusCode ?? 0);
    });
    req.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

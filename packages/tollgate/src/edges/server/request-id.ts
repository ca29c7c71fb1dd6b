import type { MiddlewareHandler } from 'hono';
import type { Ids } from '../../core/lib/ids.ts';

export interface AppEnv {
  Variables: { requestId: string };
}

const INCOMING = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's `x-request-id` when it is a sane one (8 to 128 of `A-Za-z0-9._:-`). */
export function sanitizeRequestId(incoming: string | string[] | undefined): string | undefined {
  return typeof incoming === 'string' && INCOMING.test(incoming) ? incoming : undefined;
}

/** Every response carries `x-request-id`: the caller's, when it sent a sane one, or a new `req_...`. */
export function requestId(ids: Ids): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = sanitizeRequestId(c.req.header('x-request-id')) ?? ids.next('req');
    c.set('requestId', id);
    await next();
    c.res.headers.set('x-request-id', id);
  };
}

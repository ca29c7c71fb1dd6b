import type { MiddlewareHandler } from 'hono';
import type { Ids } from '../lib/ids.ts';

export interface AppEnv {
  Variables: { requestId: string };
}

const INCOMING = /^[A-Za-z0-9._:-]{8,128}$/;

/** Every response carries `x-request-id`: the caller's, when it sent a sane one, or a new `req_...`. */
export function requestId(ids: Ids): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && INCOMING.test(incoming) ? incoming : ids.next('req');
    c.set('requestId', id);
    await next();
    c.res.headers.set('x-request-id', id);
  };
}

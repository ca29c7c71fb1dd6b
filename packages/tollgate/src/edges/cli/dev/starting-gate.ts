import { appError, errorResponse } from '../../../core/lib/errors.ts';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface StartingGate {
  fetch: FetchHandler;
  /** From now on every request reaches the handler. */
  open(): void;
}

/**
 * `tollgate dev` listens as soon as it can, but until the plans are pushed
 * (and the webhook registered) every request, /health included, is answered
 * 503 `starting` with `Retry-After: 1`: a checkout sent right after start
 * waits and retries instead of failing with `price_not_found`.
 */
export function startingGate(handler: FetchHandler, what = 'tollgate dev is starting: pushing the plans to Stripe'): StartingGate {
  let open = false;
  const starting = appError('starting', `${what}; retry in a second`);
  return {
    fetch: (request) => (open ? handler(request) : errorResponse(starting, { 'retry-after': '1', 'cache-control': 'no-store' })),
    open: () => {
      open = true;
    },
  };
}

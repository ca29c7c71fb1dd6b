import type { Principal } from '../auth/authenticate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { camelKeys } from '../../core/lib/json-case.ts';

/**
 * What a route's handler gets for one request (`RouteContext` in route.ts).
 * A class, not an object literal: `input` is built only when a handler reads
 * it, and a getter on the prototype is shared. A getter written in an object
 * literal is a new closure per request, and V8 then gives every request's
 * object a hidden class of its own, allocated in old space; under load that
 * grew the server's heap by a megabyte per scavenge and cost a fifth of
 * `POST /track`'s throughput (bench: usage over HTTP).
 */
export class HandlerContext {
  constructor(
    readonly deps: Deps,
    readonly principal: Principal,
    /** The app's id of the customer the request acts for (customer routes). */
    readonly customer: string | undefined,
    readonly query: Record<string, unknown>,
    readonly body: Record<string, unknown>,
    readonly requestId: string,
  ) {}

  /** The one snake_case -> camelCase step of a request; the principal's customer wins over the request's. */
  get input(): never {
    const input: Record<string, unknown> = camelKeys({ ...this.query, ...this.body });
    if (this.customer !== undefined) input.customer = this.customer;
    return input as never;
  }
}

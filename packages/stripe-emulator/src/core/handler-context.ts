import type { Emulator } from './emulator.ts';
import type { FormObject } from './form.ts';
import type { RawRequest } from './raw.ts';
import type { RouteContext } from './router.ts';

/**
 * One request's `RouteContext`. A class, so `url` and `request` are built only
 * when a handler reads them through getters on the prototype: getters written
 * in an object literal are new closures per request, and V8 then gives each
 * request's object a hidden class of its own (old-space garbage that only a
 * full collection frees).
 */
export class HandlerContext implements RouteContext {
  constructor(
    readonly em: Emulator,
    readonly body: FormObject,
    readonly path: string[],
    private readonly raw: RawRequest,
  ) {}

  get url(): URL {
    return new URL(this.raw.target, this.raw.origin);
  }

  get request(): Request {
    return this.raw.toRequest();
  }
}

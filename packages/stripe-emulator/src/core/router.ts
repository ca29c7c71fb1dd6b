import type { Emulator } from './emulator.ts';
import type { FormObject } from './form.ts';

export type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteContext {
  em: Emulator;
  /** Parsed body (POST/DELETE) or query string (GET). */
  body: FormObject;
  /** Path parameters, in order (`/v1/customers/:id` -> [id]). */
  path: string[];
  url: URL;
  /** The raw request, for routes that authenticate by their own token (the v2 meter event stream). */
  request?: Request;
}

/** A handler returns the JSON value to send (expanded by the framework) or a ready Response. */
export type Handler = (ctx: RouteContext) => unknown;

interface Route {
  method: Method;
  segments: string[];
  handler: Handler;
  /** Served without an API key (hosted invoice pages). */
  public: boolean;
}

export interface Router {
  get(path: string, handler: Handler, options?: { public?: boolean }): void;
  post(path: string, handler: Handler, options?: { public?: boolean }): void;
  delete(path: string, handler: Handler): void;
}

/** Routes are compiled once into segment lists; matching compares segments, no regular expressions. */
export class RouteTable implements Router {
  readonly #routes = new Map<string, Route[]>();

  #add(method: Method, path: string, handler: Handler, isPublic = false): void {
    const segments = path.split('/').slice(1);
    const key = `${method}${segments.length}`;
    const list = this.#routes.get(key) ?? [];
    // Literal routes win over parameterised ones (`/v1/customers/search` before `/v1/customers/:id`).
    list.push({ method, segments, handler, public: isPublic });
    list.sort((a, b) => literalScore(b) - literalScore(a));
    this.#routes.set(key, list);
  }

  get(path: string, handler: Handler, options: { public?: boolean } = {}): void {
    this.#add('GET', path, handler, options.public);
  }
  post(path: string, handler: Handler, options: { public?: boolean } = {}): void {
    this.#add('POST', path, handler, options.public);
  }
  delete(path: string, handler: Handler): void {
    this.#add('DELETE', path, handler);
  }

  match(method: string, pathname: string): { route: Route; params: string[] } | undefined {
    const parts = pathname.split('/').slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    const list = this.#routes.get(`${method}${parts.length}`);
    if (!list) return undefined;
    outer: for (const route of list) {
      const params: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        const want = route.segments[i]!;
        const got = parts[i]!;
        if (want.charCodeAt(0) === 58 /* : */) {
          if (got === '') continue outer;
          params.push(decodeURIComponent(got));
        } else if (want !== got) continue outer;
      }
      return { route, params };
    }
    return undefined;
  }
}

function literalScore(route: Route): number {
  let score = 0;
  for (const s of route.segments) if (!s.startsWith(':')) score++;
  return score;
}

/** The first path parameter (most routes have exactly one id). */
export function pathId(ctx: RouteContext, index = 0): string {
  const value = ctx.path[index];
  if (value === undefined) throw new Error(`route has no path parameter ${index}`);
  return value;
}

import type { Hono } from 'hono';
import type { z } from 'zod';
import { type Authenticator, type Principal, resolveCustomer } from '../auth/authenticate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError, errorReply, type JsonReply } from '../../core/lib/errors.ts';
import { badPercentEncoding, jsonProblem, stringProblem } from '../../core/lib/input.ts';
import { bodyText, nodeIncoming } from './body.ts';
import { validationError } from './errors.ts';
import { snakeKeys } from '../../core/lib/json-case.ts';
import { HandlerContext } from './handler-context.ts';
import type { AuthFailureLimiter } from './auth-failures.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { AppEnv } from './request-id.ts';
import { BASE_PATH, type Route, withCustomer } from './route.ts';

const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', admin: false };

export interface RegisterOptions {
  deps: Deps;
  authenticator: Authenticator;
  rateLimiter?: RateLimiter | undefined;
  /** Failed authentications per client address (429 before the credential is read once exhausted). */
  authFailures?: AuthFailureLimiter | undefined;
  /** The `license` routes' limits: per license key and per client address. */
  licenseLimits?: { perKey: RateLimiter; perAddress: RateLimiter } | undefined;
}

/** 429 with Retry-After. */
function tooMany(message: string, retryAfterSeconds: number): JsonReply {
  return errorReply(appError('rate_limited', `${message}; retry in ${retryAfterSeconds}s (limit is per node)`), { 'retry-after': String(retryAfterSeconds) });
}

/** One request to a route, as the route's edge reads it, whatever serves it (Hono, or the Node listener's direct path). */
export interface RouteCall {
  header(name: string): string | undefined;
  query(): Record<string, string>;
  /**
   * The query as sent, still percent-encoded, when the transport has it:
   * malformed UTF-8 in it (`%FF`) is refused instead of decoded into U+FFFD.
   */
  rawQuery?(): string;
  /** Path parameters as sent, still percent-encoded (routes with `:name` in their path). */
  rawParams?(): Record<string, string>;
  bodyText(): Promise<string>;
  /** The web Request (an app's authenticate hook reads it). */
  request(): Request;
  requestId: string;
  /** The client's address (the socket's peer), when the transport knows it. */
  address?: string | undefined;
}

export type RouteRunner = (call: RouteCall) => Promise<JsonReply | Response>;

function readJson(text: string): { ok: true; value: unknown } | { ok: false; error: AppError } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    // V8's JSON.parse does not recurse, so a deeply nested body parses; jsonProblem then refuses it before anything that does.
    value = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, error: appError('invalid_request', 'the request body must be JSON') };
  }
  const problem = jsonProblem(value);
  return problem ? { ok: false, error: problem } : { ok: true, value };
}

/** The first query value or path id that is malformed or holds what no field may (lib/input.ts), named. */
function queryProblem(call: RouteCall, query: Record<string, string>): AppError | null {
  const raw = call.rawQuery?.();
  if (raw) {
    for (const pair of raw.split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      const badName = badPercentEncoding(name);
      if (badName || (eq >= 0 && badPercentEncoding(pair.slice(eq + 1)))) {
        const param = badName ? undefined : decodeURIComponent(name.replace(/\+/g, ' '));
        return appError('validation_failed', `${param ?? 'a query parameter name'} is not valid percent-encoded UTF-8.`, param);
      }
    }
  }
  for (const [name, value] of Object.entries(call.rawParams?.() ?? {})) {
    if (badPercentEncoding(value)) return appError('validation_failed', `${name} is not valid percent-encoded UTF-8.`, name);
  }
  for (const name in query) {
    const nameProblem = stringProblem(name);
    if (nameProblem) return appError('validation_failed', `a query parameter name ${nameProblem}.`);
    const problem = stringProblem(query[name] ?? '');
    if (problem) return appError('validation_failed', `${name} ${problem}.`, name);
  }
  return null;
}

/** Whether `body` carries the field `path` (`trial_days`, `events[].timestamp`). */
function carries(body: unknown, path: string): boolean {
  const dot = path.indexOf('.');
  const head = dot < 0 ? path : path.slice(0, dot);
  const rest = dot < 0 ? '' : path.slice(dot + 1);
  if (typeof body !== 'object' || body === null) return false;
  if (head.endsWith('[]')) {
    const list = (body as Record<string, unknown>)[head.slice(0, -2)];
    return Array.isArray(list) && list.some((item) => (rest === '' ? item !== undefined : carries(item, rest)));
  }
  if (!Object.hasOwn(body, head)) return false;
  const value = (body as Record<string, unknown>)[head];
  return rest === '' ? value !== undefined && value !== null : carries(value, rest);
}

/** A customer credential sending a money decision: 403 naming the field (route.secretOnly). */
function moneyDecision(route: Route, principal: Principal, body: unknown): AppError | null {
  if (principal.admin || !route.secretOnly) return null;
  for (const path of Object.keys(route.secretOnly)) {
    if (carries(body, path)) {
      const field = path.replace(/\[\]/g, '');
      return appError(
        'forbidden',
        `${field} is a money decision: only a secret key may send it (or set it in the config); a customer credential chooses among what the config offers`,
        field,
      );
    }
  }
  return null;
}

function parse(schema: z.ZodObject, input: unknown, where: 'body' | 'query') {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, error: validationError(parsed.error, where) };
}

/**
 * A route's edge, the same for every route and every transport: authenticate,
 * rate limit, validate (400 naming the field, nothing written), resolve the
 * customer, call the handler, render its Result.
 */
export function routeRunner(route: Route, options: RegisterOptions): RouteRunner {
  // Built once per route: a zod schema made per request is compiled again on every parse.
  const querySchema = route.auth === 'customer' && route.method === 'get' ? withCustomer(route.query) : route.query;
  const bodySchema = route.auth === 'customer' && route.method === 'post' ? withCustomer(route.body) : route.body;
  return async (call) => {
    let principal: Principal = ANONYMOUS;
    // License routes read no credential: the license key in the body is the subject, limited per client address first.
    if (route.auth === 'license' && call.address !== undefined) {
      const limited = options.licenseLimits?.perAddress.take(call.address);
      if (limited && !limited.allowed) return tooMany('too many license requests from this address', limited.retryAfterSeconds);
    }
    if (route.auth !== 'public' && route.auth !== 'license') {
      // Without a client address (an app mounting the fetch handler) there is nothing to key on: the host limits.
      const address = call.address;
      const wait = address === undefined ? 0 : (options.authFailures?.wait(address) ?? 0);
      if (wait > 0) {
        return errorReply(appError('rate_limited', `too many failed authentications from this address; retry in ${wait}s`), { 'retry-after': String(wait) });
      }
      const auth = await options.authenticator.authenticate({ authorization: call.header('authorization'), request: () => call.request() });
      if (!auth.ok) {
        if (auth.error.code === 'unauthenticated' && address !== undefined) options.authFailures?.failed(address);
        return errorReply(auth.error, { 'www-authenticate': 'Bearer' });
      }
      principal = auth.value;
    }
    if (route.auth === 'secret' && !principal.admin) {
      return errorReply(appError('forbidden', 'this route needs a secret API key'));
    }
    // Public routes answer from memory and are not limited per credential (there is none).
    const limited = route.auth === 'public' || route.auth === 'license' ? undefined : options.rateLimiter?.take(principal.id);
    if (limited && !limited.allowed) {
      return errorReply(appError('rate_limited', `too many requests; retry in ${limited.retryAfterSeconds}s (limit is per node)`), {
        'retry-after': String(limited.retryAfterSeconds),
      });
    }
    let query: Record<string, unknown> = {};
    const rawQuery = querySchema || route.auth === 'customer' ? call.query() : {};
    const badQuery = queryProblem(call, rawQuery);
    if (badQuery) return errorReply(badQuery);
    if (querySchema) {
      const parsed = parse(querySchema, rawQuery, 'query');
      if (!parsed.ok) return errorReply(parsed.error);
      query = parsed.value;
    }
    let body: Record<string, unknown> = {};
    if (route.method === 'post') {
      const json = readJson(await call.bodyText());
      if (!json.ok) return errorReply(json.error);
      const forbidden = moneyDecision(route, principal, json.value);
      if (forbidden) return errorReply(forbidden);
      if (bodySchema) {
        const parsed = parse(bodySchema, json.value, 'body');
        if (!parsed.ok) return errorReply(parsed.error);
        body = parsed.value;
      }
    }
    if (route.auth === 'license' && typeof body.key === 'string') {
      const limited = options.licenseLimits?.perKey.take(body.key);
      if (limited && !limited.allowed) return tooMany('too many requests for this license key', limited.retryAfterSeconds);
    }
    let customer: string | undefined;
    if (route.auth === 'customer') {
      const requested = (body.customer ?? query.customer ?? rawQuery.customer) as string | undefined;
      const resolved = resolveCustomer(principal, requested);
      if (!resolved.ok) return errorReply(resolved.error);
      customer = resolved.value;
    }
    const output = await route.handler(new HandlerContext(options.deps, principal, customer, query, body, call.requestId));
    if (output instanceof Response) return output;
    if (!output.ok) return errorReply(output.error);
    return { status: route.status ?? 200, body: snakeKeys(output.value) as object };
  };
}

/** The `:name` segments of a request's path as sent (still percent-encoded). */
function rawParams(pattern: string, url: string): Record<string, string> {
  if (!pattern.includes(':')) return {};
  const expected = `${BASE_PATH}/${pattern}`.split('/');
  const sent = new URL(url).pathname.split('/');
  // The app may be mounted below a prefix of its own: segments line up from the end.
  const offset = sent.length - expected.length;
  const out: Record<string, string> = {};
  expected.forEach((segment, i) => {
    if (segment.startsWith(':')) out[segment.slice(1)] = sent[i + offset] ?? '';
  });
  return out;
}

/** Mounts each route on the Hono app; returns the fixed-path routes' runners by `METHOD /full/path` (the Node listener's direct path uses them). */
export function registerRoutes(app: Hono<AppEnv>, routes: Route[], options: RegisterOptions): Map<string, RouteRunner> {
  const runners = new Map<string, RouteRunner>();
  for (const route of routes) {
    const run = routeRunner(route, options);
    const method = route.method.toUpperCase();
    const path = `${BASE_PATH}/${route.path}`;
    // Paths with parameters (`customers/:id`) need Hono's router: only fixed paths get a direct runner.
    if (!path.includes(':')) runners.set(`${method} ${path}`, run);
    app.on(method, path, async (c) => {
      const reply = await run({
        header: (name) => c.req.header(name),
        query: () => ({ ...c.req.query(), ...c.req.param() }),
        rawQuery: () => {
          const url = c.req.url;
          const q = url.indexOf('?');
          return q < 0 ? '' : url.slice(q + 1);
        },
        rawParams: () => rawParams(route.path, c.req.url),
        bodyText: () => bodyText(c),
        request: () => c.req.raw,
        requestId: c.get('requestId'),
        address: nodeIncoming(c)?.socket.remoteAddress,
      });
      if (reply instanceof Response) return reply;
      return c.json(reply.body, reply.status as 200, reply.headers);
    });
  }
  return runners;
}

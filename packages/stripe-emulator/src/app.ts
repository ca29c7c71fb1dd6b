import { StripeApiError, type StripeErrorBody, idempotencyError, invalidRequest, rateLimited } from './errors.ts';
import { Emulator, type EmulatorOptions } from './core/emulator.ts';
import { applyExpand } from './core/expand.ts';
import { stripeJson } from './core/json.ts';
import { type FormObject, parseForm } from './core/form.ts';
import { p } from './core/params.ts';
import { DroppedConnection, type RawRequest, type RawResult, rawFromRequest, toResponse } from './core/raw.ts';
import { HandlerContext } from './core/handler-context.ts';
import { RouteTable } from './core/router.ts';
import { registerResources } from './resources/index.ts';

export interface EmulatorApp {
  /** Web-standard handler: call it in process or serve it over HTTP. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** The same handler over a transport-neutral request (what the Node listener uses). */
  handle: (request: RawRequest) => Promise<RawResult>;
  /** The emulator's state: store, clock, event bus. */
  emulator: Emulator;
}

export interface AppOptions extends EmulatorOptions {
  /** Use an existing emulator state (e.g. loaded from a data file). */
  emulator?: Emulator;
}

const SECRET_KEY = /^sk_test_[A-Za-z0-9_]+$/;
const JSON_HEADERS = { 'content-type': 'application/json', 'stripe-version': '2026-10-28.endive' };
const expandList = p.arr(p.string());

function apiKeyOf(request: RawRequest): string | undefined {
  const header = request.header('authorization');
  if (!header) return undefined;
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  if (header.startsWith('Basic ')) return Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0];
  return undefined;
}

function json(status: number, body: string, requestId: string, extra?: Record<string, string>): RawResult {
  const headers: Record<string, string> = {
    'content-type': JSON_HEADERS['content-type'],
    'stripe-version': JSON_HEADERS['stripe-version'],
    'request-id': requestId,
  };
  if (extra) Object.assign(headers, extra);
  return { status, headers, body };
}

function errorJson(status: number, body: StripeErrorBody, requestId: string): RawResult {
  return json(status, stripeJson(body), requestId);
}

function authError(key: string | undefined): StripeErrorBody {
  return {
    error: {
      type: 'invalid_request_error',
      message: key
        ? `Invalid API Key provided: ${key.slice(0, 8)}****`
        : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    },
  };
}

async function readBody(request: RawRequest, isV2: boolean): Promise<{ text: string; body: FormObject }> {
  const text = await request.text();
  if (text === '') return { text, body: {} };
  if (isV2 || request.header('content-type')?.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidRequest('The request body must be a JSON object.');
      // JSON bodies carry typed leaves; the parameter validators accept them as well as strings.
      return { text, body: parsed as FormObject };
    } catch (e) {
      if (e instanceof StripeApiError) throw e;
      throw invalidRequest('Invalid JSON received.');
    }
  }
  return { text, body: parseForm(text) };
}

/** The emulator's HTTP application: a fetch handler over the route table every resource registers in. */
export function createEmulatorApp(options: AppOptions = {}): EmulatorApp {
  const em = options.emulator ?? new Emulator(options);
  const routes = new RouteTable();
  registerResources(routes, em);
  const idempotency = em.idempotency;
  let requests = 0;
  /** Requests per API key in the current one-second window (only when a rate limit is set). */
  const windows = new Map<string, { second: number; count: number }>();
  function overLimit(key: string): boolean {
    const limit = em.options.rateLimitPerSecond;
    if (limit === undefined) return false;
    const second = Math.floor(em.clock.now() / 1000);
    const window = windows.get(key);
    if (!window || window.second !== second) {
      windows.set(key, { second, count: 1 });
      return false;
    }
    window.count++;
    return window.count > limit;
  }

  async function handle(request: RawRequest): Promise<RawResult> {
    const requestId = `req_${(++requests).toString(36).padStart(14, '0')}`;
    const queryAt = request.target.indexOf('?');
    const pathname = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
    const search = queryAt === -1 ? '' : request.target.slice(queryAt);
    const method = request.method;
    const matched = routes.match(method, pathname);
    const isApi = pathname.startsWith('/v1/') || pathname.startsWith('/v2/');
    if (!matched?.route.public) {
      const key = apiKeyOf(request);
      if (isApi && (!key || !SECRET_KEY.test(key))) return errorJson(401, authError(key), requestId);
      if (isApi && key && overLimit(key)) return errorJson(429, rateLimited().body, requestId);
    }
    if (!matched) {
      return errorJson(
        404,
        {
          error: {
            type: 'invalid_request_error',
            message: `Unrecognized request URL (${method}: ${pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
          },
        },
        requestId,
      );
    }
    for (const hook of em.hooks.requestFault) {
      const fault = hook(method, pathname);
      if (fault?.kind === 'latency') await em.sleep(fault.ms);
      else if (fault?.kind === 'rate_limit') return errorJson(429, rateLimited().body, requestId);
      else if (fault?.kind === 'server_error')
        return errorJson(
          500,
          { error: { type: 'api_error', message: 'An error occurred with our connection to Stripe (injected by the emulator).' } },
          requestId,
        );
      else if (fault?.kind === 'drop') throw new DroppedConnection();
    }
    if (options.publicUrl === undefined) em.publicUrl = request.origin;

    try {
      const isWrite = method !== 'GET';
      const read = isWrite ? await readBody(request, pathname.startsWith('/v2/')) : { text: '', body: parseForm(search.slice(1)) };
      const text = read.text;
      // The SDK sends DELETE parameters in the query string.
      const body = method === 'DELETE' && text === '' ? parseForm(search.slice(1)) : read.body;
      const idempotencyKey = isWrite ? request.header('idempotency-key') : null;
      const cacheKey = idempotencyKey ? `${apiKeyOf(request) ?? ''}\u0000${idempotencyKey}` : undefined;
      const fingerprint = `${method} ${pathname}${search}\u0000${text}`;
      if (cacheKey) {
        const stored = idempotency.get(cacheKey, em.clock.now());
        if (stored) {
          if (stored.fingerprint !== fingerprint) throw idempotencyError(idempotencyKey!);
          return json(stored.status, stored.body, requestId, { 'idempotency-key': idempotencyKey!, 'idempotent-replayed': 'true' });
        }
      }
      em.request = { id: requestId, idempotencyKey };
      let status = 200;
      let out: string;
      try {
        const result = em.transaction(() => {
          const value = matched.route.handler(new HandlerContext(em, body, matched.params, request));
          if (value instanceof Response) return value;
          const expand = body.expand === undefined ? undefined : expandList.parse(body.expand, 'expand');
          return expand && expand.length > 0 ? applyExpand(em.db, value, expand) : value;
        });
        if (result instanceof Response) return result;
        out = stripeJson(result);
      } catch (e) {
        if (!(e instanceof StripeApiError)) throw e;
        // Card errors and missing resources are results a retry should replay; validation errors are not kept.
        if (!cacheKey || (e.status !== 402 && e.status !== 404)) throw e;
        status = e.status;
        out = stripeJson(e.body);
      } finally {
        em.request = null;
      }
      if (cacheKey) idempotency.set(cacheKey, { fingerprint, status, body: out, at: em.clock.now() });
      return json(status, out, requestId, idempotencyKey ? { 'idempotency-key': idempotencyKey } : undefined);
    } catch (e) {
      if (e instanceof StripeApiError) return errorJson(e.status, e.body, requestId);
      const message = e instanceof Error ? e.message : String(e);
      return errorJson(500, { error: { type: 'api_error', message: `Internal emulator error: ${message}` } }, requestId);
    }
  }

  return { fetch: async (request) => toResponse(await handle(rawFromRequest(request))), handle, emulator: em };
}

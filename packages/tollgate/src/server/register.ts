import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { type Authenticator, type Principal, resolveCustomer } from '../auth/authenticate.ts';
import type { Deps } from '../lib/deps.ts';
import { appError } from '../lib/errors.ts';
import { bodyText } from './body.ts';
import { errorResponse, validationError } from './errors.ts';
import { snakeKeys } from './json-case.ts';
import type { RateLimiter } from './rate-limit.ts';
import { BASE_PATH, type Route, withCustomer } from './route.ts';
import type { AppEnv } from './request-id.ts';

const ANONYMOUS: Principal = { kind: 'anonymous', id: 'anonymous', admin: false };

export interface RegisterOptions {
  deps: Deps;
  authenticator: Authenticator;
  rateLimiter?: RateLimiter | undefined;
}

async function readJson(c: Context): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const text = await bodyText(c);
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function parse(schema: z.ZodObject, input: unknown, where: 'body' | 'query') {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true as const, value: parsed.data } : { ok: false as const, error: validationError(parsed.error, where) };
}

/**
 * Mounts routes with the same edge for each: authenticate, rate limit,
 * validate (400 naming the field, nothing written), resolve the customer,
 * call the handler, render its Result.
 */
export function registerRoutes(app: Hono<AppEnv>, routes: Route[], options: RegisterOptions): void {
  for (const route of routes) {
    // Built once per route: a zod schema made per request is compiled again on every parse.
    const querySchema = route.auth === 'customer' && route.method === 'get' ? withCustomer(route.query) : route.query;
    const bodySchema = route.auth === 'customer' && route.method === 'post' ? withCustomer(route.body) : route.body;
    app.on(route.method.toUpperCase(), `${BASE_PATH}/${route.path}`, async (c) => {
      let principal: Principal = ANONYMOUS;
      if (route.auth !== 'public') {
        const auth = await options.authenticator.authenticate(c.req.raw);
        if (!auth.ok) return errorResponse(c, auth.error, { 'www-authenticate': 'Bearer' });
        principal = auth.value;
      }
      if (route.auth === 'secret' && !principal.admin) {
        return errorResponse(c, appError('forbidden', 'this route needs a secret API key'));
      }
      // Public routes answer from memory and are not limited per credential (there is none).
      const limited = route.auth === 'public' ? undefined : options.rateLimiter?.take(principal.id);
      if (limited && !limited.allowed) {
        return errorResponse(c, appError('rate_limited', `too many requests; retry in ${limited.retryAfterSeconds}s (limit is per node)`), {
          'retry-after': String(limited.retryAfterSeconds),
        });
      }
      let query: Record<string, unknown> = {};
      if (querySchema) {
        const parsed = parse(querySchema, { ...c.req.query(), ...c.req.param() }, 'query');
        if (!parsed.ok) return errorResponse(c, parsed.error);
        query = parsed.value;
      }
      let body: Record<string, unknown> = {};
      if (route.method === 'post') {
        const json = await readJson(c);
        if (!json.ok) return errorResponse(c, appError('invalid_request', 'the request body must be JSON'));
        if (bodySchema) {
          const parsed = parse(bodySchema, json.value, 'body');
          if (!parsed.ok) return errorResponse(c, parsed.error);
          body = parsed.value;
        }
      }
      let customer: string | undefined;
      if (route.auth === 'customer') {
        const requested = (body.customer ?? query.customer ?? c.req.query('customer')) as string | undefined;
        const resolved = resolveCustomer(principal, requested);
        if (!resolved.ok) return errorResponse(c, resolved.error);
        customer = resolved.value;
      }
      const output = await route.handler({
        deps: options.deps,
        principal,
        customer,
        query,
        body,
        request: c.req.raw,
        requestId: c.get('requestId'),
        hono: c,
      });
      if (output instanceof Response) return output;
      if (!output.ok) return errorResponse(c, output.error);
      return c.json(snakeKeys(output.value) as object, route.status ?? 200);
    });
  }
}

import { Hono } from 'hono';
import { StripeApiError, type StripeErrorBody } from './errors.ts';

export interface EmulatorApp {
  /** Web-standard handler: call it in process or serve it over HTTP. */
  fetch: (request: Request) => Response | Promise<Response>;
}

const SECRET_KEY = /^sk_test_[A-Za-z0-9_]+$/;

function apiKeyOf(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (!header) return undefined;
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded.split(':')[0];
  }
  return undefined;
}

function errorResponse(status: number, body: StripeErrorBody, requestId: string): Response {
  return Response.json(body, { status, headers: { 'request-id': requestId } });
}

/** The emulator's HTTP application. Resources are mounted under /v1 and /v2. */
export function createEmulatorApp(): EmulatorApp {
  const app = new Hono();
  let requests = 0;

  app.use('/v1/*', async (c, next) => {
    const requestId = `req_${(++requests).toString(36).padStart(14, '0')}`;
    c.header('request-id', requestId);
    const key = apiKeyOf(c.req.raw);
    if (!key || !SECRET_KEY.test(key)) {
      return errorResponse(
        401,
        {
          error: {
            type: 'invalid_request_error',
            message: key
              ? `Invalid API Key provided: ${key.slice(0, 8)}****`
              : 'You did not provide an API key. Provide it as a Bearer token (Authorization: Bearer sk_test_...).',
          },
        },
        requestId,
      );
    }
    await next();
  });

  app.notFound((c) =>
    c.json(
      {
        error: {
          type: 'invalid_request_error',
          message: `Unrecognized request URL (${c.req.method}: ${new URL(c.req.url).pathname}).`,
        },
      },
      404,
    ),
  );

  app.onError((e, c) => {
    if (e instanceof StripeApiError) return c.json(e.body, e.status as 400);
    return c.json({ error: { type: 'api_error', message: `Internal emulator error: ${e.message}` } }, 500);
  });

  return { fetch: (request) => app.fetch(request) };
}

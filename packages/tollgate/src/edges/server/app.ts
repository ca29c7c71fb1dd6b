import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { type AuthenticateHook, createAuthenticator } from '../auth/authenticate.ts';
import { loadTokenSecret } from '../auth/tokens.ts';
import type { Database } from '../../core/db/connect.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { VERSION } from '../../version.ts';
import { mountDashboard } from '../dashboard/mount.ts';
import { limitBody } from './body.ts';
import { createNodeListener, type DirectRoutes, type NodeListener } from './node-listener.ts';
import { docsPage } from './docs-page.ts';
import { honoError, mapError } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { type AuthFailureLimitOptions, createAuthFailureLimiter } from './auth-failures.ts';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { registerRoutes } from './register.ts';
import { type AppEnv, requestId } from './request-id.ts';
import type { Route } from './route.ts';
import { billingRoutes } from './routes/index.ts';
import { mountWebhook, type WebhookSecret, webhookOpenApi } from './webhook-route.ts';

export interface AppOptions {
  deps: Deps;
  /** Reported by /health (driver). */
  database?: Pick<Database, 'driver'>;
  /** Library mode: authenticate requests the app's own way instead of keys and tokens. */
  authenticate?: AuthenticateHook;
  /** Signs customer tokens; default: TOLLGATE_TOKEN_SECRET, else a secret kept in the database. */
  tokenSecret?: string;
  /** Allowed browser origins (CORS); none when absent. */
  cors?: { origin: string | string[] };
  /** Per-credential, per-node rate limit; `false` turns it off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Failed authentications per client address, per node (default: 20 in a
   * row, then one a second); past it, 429 before the credential is read.
   * `false` turns it off.
   */
  authFailureLimit?: AuthFailureLimitOptions | false;
  /**
   * Seconds a verified secret key is trusted before it is read again (default 5;
   * 0 reads it on every request). A key revoked in this process is refused at
   * once; other processes and nodes refuse it within this many seconds.
   */
  apiKeyCacheSeconds?: number;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Stripe's webhook signing secret(s) (STRIPE_WEBHOOK_SECRET); the webhook route answers 503 without one. */
  webhookSecret?: WebhookSecret;
  /**
   * The public license routes' limits, per node: per license key (default 5
   * requests/s, bursts of 20) and per client address (default 50/s, bursts of
   * 100); `false` turns both off.
   */
  licenseRateLimit?: { perKey?: RateLimitOptions; perAddress?: RateLimitOptions } | false;
  /**
   * The operator dashboard under /admin (src/dashboard): on by default with
   * keys and tokens, off with an app's `authenticate` hook. `sessionHours`:
   * how long a sign-in lasts (default 8).
   */
  dashboard?: boolean | { sessionHours?: number };
}

export type TollgateApp = Hono<AppEnv> & {
  routes: Route[];
  /**
   * A Node `(req, res)` listener for this app (`listen`, `nodeHandler`): the
   * billing routes answered straight from Node's request (node-listener.ts),
   * everything else through `fetch`.
   */
  nodeListener(): NodeListener;
  /** The billing routes' direct Node path (undefined when an app's hook authenticates). */
  direct: DirectRoutes | undefined;
};

/**
 * The engine's HTTP application: a web-standard `fetch(Request) => Response`
 * handler (Hono). Serve it with `server/listen.ts`, or mount `app.fetch` in a
 * Next.js route handler, a Hono app, or Express (`server/node.ts`).
 */
export function createApp(options: AppOptions): TollgateApp {
  const { deps } = options;
  const app = new Hono<AppEnv>();
  let secret: Promise<string> | undefined;
  const tokenSecret = () => (secret ??= loadTokenSecret(deps, options.tokenSecret));
  const routes = billingRoutes({ tokenSecret });

  app.use('*', requestId(deps.ids));
  if (options.cors) app.use('/api/*', cors({ origin: options.cors.origin, exposeHeaders: ['x-request-id', 'retry-after'] }));
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  app.use(
    '/api/*',
    limitBody(maxBodyBytes, (c) => honoError(c, appError('payload_too_large', 'the request body is too large'))),
  );
  app.onError(mapError(deps.log));

  app.get('/health', async (c) => {
    await deps.db.execute(sql`select 1`);
    return c.json({ status: 'ok', version: VERSION, ...(options.database ? { database: options.database.driver } : {}) });
  });

  const document = openApiDocument(routes, webhookOpenApi);
  app.get('/api/v1/openapi.json', (c) => c.json(document));
  app.get('/api/v1/docs', (c) => c.html(docsPage(document)));

  mountWebhook(app, deps, options.webhookSecret, maxBodyBytes);
  const authenticator = createAuthenticator(deps, { tokenSecret, hook: options.authenticate, keyCacheSeconds: options.apiKeyCacheSeconds });
  // One limiter for the API's credentials and the dashboard's sign-in: a wrong key costs the same wherever it is tried.
  const authFailures = options.authFailureLimit === false ? undefined : createAuthFailureLimiter(deps.clock, options.authFailureLimit);
  const runners = registerRoutes(app, routes, {
    deps,
    authenticator,
    rateLimiter: options.rateLimit === false ? undefined : createRateLimiter(deps.clock, options.rateLimit),
    authFailures,
    licenseLimits:
      options.licenseRateLimit === false
        ? undefined
        : {
            perKey: createRateLimiter(deps.clock, options.licenseRateLimit?.perKey ?? { requestsPerSecond: 5, burst: 20 }),
            perAddress: createRateLimiter(deps.clock, options.licenseRateLimit?.perAddress ?? { requestsPerSecond: 50, burst: 100 }),
          },
  });
  if (options.dashboard !== false && !authenticator.usesHook)
    mountDashboard(app, deps, { ...(typeof options.dashboard === 'object' ? options.dashboard : {}), authFailures });
  app.notFound((c) => honoError(c, appError('not_found', `no route ${c.req.method} ${new URL(c.req.url).pathname}`)));
  // An app's hook reads the web Request, so with one every request takes the full pipeline.
  const direct: DirectRoutes | undefined = authenticator.usesHook ? undefined : { runners, ids: deps.ids, log: deps.log, maxBodyBytes };
  return Object.assign(app, { routes, direct, nodeListener: () => createNodeListener(app.fetch, direct) });
}

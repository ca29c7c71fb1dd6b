import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { endAdminSession, findAdminSession, startAdminSession } from '../auth/admin-sessions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AuthFailureLimiter } from '../server/auth-failures.ts';
import { nodeIncoming } from '../server/body.ts';
import type { AppEnv } from '../server/request-id.ts';
import { assetType, dashboardAsset, isAsset } from './assets.ts';
import { shellPage, signInPage } from './html.ts';

export const SESSION_COOKIE = 'tollgate_admin';
export const CSRF_HEADER = 'x-tollgate-csrf';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** A change must come from the dashboard's own origin: the browser's Origin (or Referer) names this host. */
function sameOrigin(c: Context<AppEnv>): boolean {
  const host = c.req.header('host');
  const origin = c.req.header('origin') ?? c.req.header('referer');
  if (!host || !origin) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function html(c: Context<AppEnv>, body: string, status = 200) {
  return c.body(body, status as 200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
}

function refuse(c: Context<AppEnv>, status: 401 | 403, code: string, message: string) {
  return c.json({ error: { code, message } }, status, SECURITY_HEADERS);
}

function tooMany(c: Context<AppEnv>, wait: number) {
  const message = `too many failed authentications from this address; retry in ${wait}s`;
  return c.json({ error: { code: 'rate_limited', message } }, 429, { ...SECURITY_HEADERS, 'retry-after': String(wait) });
}

/**
 * The operator dashboard under /admin (src/dashboard/ui, a React app built
 * to static assets). A secret key is exchanged once for an HttpOnly,
 * SameSite=Strict session cookie scoped to /admin; nothing but the sign-in
 * page and its stylesheet is served without a live session. The app calls the
 * engine's own API through `/admin/api/v1/*`: this forwards to `/api/v1/*`
 * with the session as the credential, so every action is the operation the
 * API runs; a change also needs the session's CSRF token in `x-tollgate-csrf`
 * and a same-origin request.
 *
 * A wrong key at sign-in, and a session cookie that names no live session,
 * count against the client address in the API's own auth-failure limiter
 * (`authFailures`, ../server/auth-failures.ts): once its bucket is empty the
 * address is answered 429 before the key is looked at.
 */
export function mountDashboard(app: Hono<AppEnv>, deps: Deps, options: { sessionHours?: number; authFailures?: AuthFailureLimiter | undefined } = {}): void {
  const limiter = options.authFailures;
  const addressOf = (c: Context<AppEnv>) => nodeIncoming(c)?.socket.remoteAddress;
  /** Seconds the client must wait after too many failures, or 0. */
  const waitOf = (c: Context<AppEnv>) => {
    const address = addressOf(c);
    return limiter && address !== undefined ? limiter.wait(address) : 0;
  };
  const failed = (c: Context<AppEnv>) => {
    const address = addressOf(c);
    if (limiter && address !== undefined) limiter.failed(address);
  };
  const session = async (c: Context<AppEnv>) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return undefined;
    const found = await findAdminSession(deps, { token });
    if (!found.ok) failed(c);
    return found.ok ? { token, ...found.value } : undefined;
  };

  app.get('/admin', (c) => c.redirect('/admin/', 301));
  app.get('/admin/', async (c) => {
    const live = await session(c);
    return live ? html(c, shellPage(live)) : html(c, signInPage());
  });

  app.post('/admin/session', async (c) => {
    if (!sameOrigin(c)) return html(c, signInPage({ error: 'Refused: the sign-in did not come from this page.' }), 403);
    const wait = waitOf(c);
    if (wait > 0) {
      const page = signInPage({ error: `Too many failed sign-ins from this address. Try again in ${wait} s.` });
      return c.body(page, 429, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'retry-after': String(wait) });
    }
    const form: Record<string, unknown> = await c.req.parseBody().catch(() => ({}));
    const key = typeof form.key === 'string' ? form.key : '';
    const started = await startAdminSession(deps, { key, ...(options.sessionHours ? { hours: options.sessionHours } : {}) });
    if (!started.ok) {
      failed(c);
      return html(c, signInPage({ error: 'That key was not accepted. Use a secret key (tg_sk_…) that is not revoked.' }), 401);
    }
    const secure = new URL(c.req.url).protocol === 'https:';
    setCookie(c, SESSION_COOKIE, started.value.token, {
      path: '/admin',
      httpOnly: true,
      sameSite: 'Strict',
      secure,
      maxAge: Math.max(0, Math.floor((started.value.expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
    });
    return c.redirect('/admin/', 303);
  });

  app.post('/admin/session/end', async (c) => {
    const live = await session(c);
    if (live && sameOrigin(c)) await endAdminSession(deps, { token: live.token });
    deleteCookie(c, SESSION_COOKIE, { path: '/admin' });
    return c.redirect('/admin/', 303);
  });

  app.get('/admin/assets/:name', async (c) => {
    const name = c.req.param('name');
    if (!isAsset(name)) return c.notFound();
    if (name !== 'signin.css' && !(await session(c))) return refuse(c, 401, 'unauthenticated', 'sign in at /admin/');
    return c.body(await dashboardAsset(name), 200, { ...SECURITY_HEADERS, 'content-type': assetType(name) });
  });

  app.all('/admin/api/v1/*', async (c) => {
    const wait = waitOf(c);
    if (wait > 0) return tooMany(c, wait);
    const live = await session(c);
    if (!live) return refuse(c, 401, 'unauthenticated', 'the dashboard session has ended: sign in again at /admin/');
    const method = c.req.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') {
      if (c.req.header(CSRF_HEADER) !== live.csrf || !sameOrigin(c))
        return refuse(c, 403, 'forbidden', "a change needs the dashboard page's CSRF token, from its own origin");
    }
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^\/admin\/api\/v1\//, '/api/v1/');
    const headers = new Headers({ authorization: `Bearer ${live.token}` });
    const type = c.req.header('content-type');
    if (type) headers.set('content-type', type);
    const body = method === 'GET' || method === 'HEAD' ? undefined : await c.req.arrayBuffer();
    const response = await app.fetch(new Request(url, { method, headers, ...(body ? { body } : {}) }));
    const out = new Response(response.body, response);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) out.headers.set(name, value);
    return out;
  });
}

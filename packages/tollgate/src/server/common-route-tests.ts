import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_PATH, type Route } from './route.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.ts';

function url(route: Route, query: Record<string, string> = {}): string {
  const qs = new URLSearchParams(query).toString();
  return `${BASE_PATH}/${route.path}${qs ? `?${qs}` : ''}`;
}

/** The route's example request with the customer replaced (or removed). */
function example(route: Route, customer: string | undefined) {
  const query = { ...route.example.query };
  const body = { ...route.example.body };
  delete query.customer;
  delete body.customer;
  if (customer !== undefined && route.auth === 'customer') {
    if (route.method === 'get') query.customer = customer;
    else body.customer = customer;
  }
  if (customer !== undefined && route.auth === 'secret' && 'customer' in (route.example.body ?? {})) body.customer = customer;
  return { query, body: route.method === 'post' ? body : undefined };
}

async function expectError(response: Response, status: number, code: string, param?: string) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; param?: string } };
  expect(body.error.code).toBe(code);
  if (param !== undefined) expect(body.error.param).toBe(param);
  expect(response.headers.get('x-request-id')).toBeTruthy();
}

/**
 * The cases every authenticated route must refuse, run over each route the app
 * mounts: missing, malformed, revoked and other-customer credentials, and bad
 * input, none of which may write anything.
 */
export function runCommonRouteTests(label: string, routesOf: (t: TestApp) => Route[], options: TestAppOptions = {}): void {
  describe(`common route cases: ${label}`, () => {
    let t: TestApp;
    let routes: Route[] = [];
    beforeAll(async () => {
      t = await createTestApp(options);
      routes = routesOf(t);
    });
    afterAll(() => t.close());

    // Credential cases run over the authenticated routes; public routes get their own case.
    const each = (name: string, body: (route: Route) => Promise<void>, which: (route: Route) => boolean = (r) => r.auth !== 'public') =>
      it(name, async () => {
        expect(routes.length).toBeGreaterThan(0);
        const before = await t.rowCounts();
        for (const route of routes.filter(which)) {
          try {
            await body(route);
          } catch (e) {
            throw new Error(`${route.method.toUpperCase()} ${route.path}: ${(e as Error).message}`);
          }
        }
        expect(await t.rowCounts()).toEqual(before);
        // Over the Node listener, every one of these requests took the direct path.
        if (options.transport === 'node') expect(t.fetched()).toBe(0);
      });

    each('refuses a missing credential with 401', async (route) => {
      const { query, body } = example(route, 'cus_app_1');
      await expectError(await t.call(route.method, url(route, query), { body }), 401, 'unauthenticated');
    });

    each('refuses malformed credentials with 401', async (route) => {
      const { query, body } = example(route, 'cus_app_1');
      for (const header of ['Basic abc', 'Bearer', 'Bearer tg_sk_short', 'Bearer tg_ct_nonsense', 'Bearer sk_live_xyz']) {
        await expectError(await t.call(route.method, url(route, query), { body, headers: { authorization: header } }), 401, 'unauthenticated');
      }
    });

    each('refuses a revoked, unknown, forged or expired credential with 401', async (route) => {
      const { query, body } = example(route, 'cus_app_1');
      const token = await t.tokenFor('cus_app_1', 60);
      const forged = `${token.slice(0, -4)}AAAA`;
      const unknown = `tg_sk_${'x'.repeat(43)}`;
      for (const auth of [t.revokedKey, unknown, forged]) {
        await expectError(await t.call(route.method, url(route, query), { auth, body }), 401, 'unauthenticated');
      }
      t.deps.clock.advance(61_000);
      await expectError(await t.call(route.method, url(route, query), { auth: token, body }), 401, 'unauthenticated');
    });

    each('refuses a customer token that names another customer (or an admin route) with 403', async (route) => {
      const token = await t.tokenFor('cus_app_1');
      const { query, body } = example(route, 'cus_app_2');
      await expectError(await t.call(route.method, url(route, query), { auth: token, body }), 403, 'forbidden');
    });

    each(
      'answers public routes without a credential, and never reads one sent anyway',
      async (route) => {
        const { query, body } = example(route, undefined);
        const sent: Record<string, string>[] = [{}, { authorization: 'Bearer tg_sk_short' }, { authorization: `Bearer ${t.revokedKey}` }];
        for (const headers of sent) {
          const response = await t.call(route.method, url(route, query), { body, headers });
          expect(response.status, await response.clone().text()).toBe(route.status ?? 200);
          expect(response.headers.get('x-request-id')).toBeTruthy();
        }
      },
      (r) => r.auth === 'public',
    );

    each('answers bad input with 400 naming the field', async (route) => {
      if (route.auth === 'customer') {
        const { query, body } = example(route, undefined);
        await expectError(await t.call(route.method, url(route, query), { auth: t.secretKey, body }), 400, 'validation_failed', 'customer');
      }
      if (route.method === 'post') {
        const { query } = example(route, 'cus_app_1');
        await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: '{not json' }), 400, 'invalid_request');
        const bad = { ...example(route, 'cus_app_1').body, customer: 42 };
        if (route.auth === 'customer' || 'customer' in (route.example.body ?? {})) {
          await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: bad }), 400, 'validation_failed', 'customer');
        }
      }
    });
  });
}

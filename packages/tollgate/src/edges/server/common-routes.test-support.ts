import { beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../core/lib/input.ts';
import { BASE_PATH, type Route, withCustomer } from './route.ts';
import { paramOf, stringFields, stringLeaves, undeclaredMoneyFields, withLeaf } from './route-cases.test-support.ts';
import { createTestApp, type TestApp, type TestAppOptions } from './app.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/** The route's URL: `:name` path segments filled from the query (percent-encoded, or `raw` as given), the rest as the query string. */
function url(route: Route, query: Record<string, string> = {}, raw: Record<string, string> = {}): string {
  const rest = { ...query };
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = raw[name] ?? encodeURIComponent(rest[name] ?? '');
    delete rest[name];
    return value;
  });
  const qs = new URLSearchParams(rest).toString();
  return `${BASE_PATH}/${path}${qs ? `?${qs}` : ''}`;
}

/** Values no string field may hold, and what each is. */
const POISON: [string, string][] = [
  ['a NUL', 'bad\u0000value'],
  ['an unpaired high surrogate', 'bad\ud800'],
  ['an unpaired low surrogate', '\udc00bad'],
];

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
    const t = perSuite(() => createTestApp(options));
    let routes: Route[] = [];
    beforeAll(async () => {
      routes = routesOf(t);
    });

    // Credential cases run over the authenticated routes; public and license routes get their own cases.
    const authenticated = (r: Route) => r.auth === 'customer' || r.auth === 'secret';
    const each = (name: string, body: (route: Route) => Promise<void>, which: (route: Route) => boolean = authenticated) =>
      it(name, async () => {
        expect(routes.length).toBeGreaterThan(0);
        const before = await t.rowCounts();
        for (const route of routes.filter(which)) {
          // A few seconds of the test clock per route: the per-credential rate limit refills (nothing else here keeps time).
          t.deps.clock.advance(5_000);
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

    each(
      'license routes never read a credential; a missing key is 400 naming it; an unknown key is answered alike with or without one, writing nothing',
      async (route) => {
        const { query, body } = example(route, undefined);
        const sent: Record<string, string>[] = [
          {},
          { authorization: 'Bearer tg_sk_short' },
          { authorization: `Bearer ${t.revokedKey}` },
          { authorization: `Bearer ${t.secretKey}` },
        ];
        const statuses = new Set<number>();
        for (const headers of sent) {
          const response = await t.call(route.method, url(route, query), { body, headers });
          expect([200, 404], await response.clone().text()).toContain(response.status);
          statuses.add(response.status);
          expect(response.headers.get('x-request-id')).toBeTruthy();
        }
        expect(statuses.size).toBe(1);
        const { key: _key, ...keyless } = body as Record<string, unknown>;
        await expectError(await t.call(route.method, url(route, query), { body: keyless }), 400, 'validation_failed', 'key');
      },
      (r) => r.auth === 'license',
    );

    const validated = (r: Route) => r.auth !== 'public';
    each(
      'refuses a NUL or an unpaired surrogate in any string of the body, query or path with 400 naming the field',
      async (route) => {
        const { query, body } = example(route, 'cus_app_1');
        for (const path of stringLeaves(body)) {
          for (const [what, value] of POISON) {
            const sent = withLeaf(body, path, value);
            const response = await t.call('post', url(route, query), { auth: t.secretKey, body: sent });
            await expectError(response, 400, 'validation_failed', paramOf(path)).catch((e: Error) => {
              throw new Error(`${what} in body ${paramOf(path)}: ${e.message}`);
            });
          }
        }
        if (route.method === 'post') {
          // A field the schema does not know is refused too: nothing unchecked reaches an operation.
          await expectError(
            await t.call('post', url(route, query), { auth: t.secretKey, body: { ...body, note: 'x\u0000' } }),
            400,
            'validation_failed',
            'note',
          );
          await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: { ...body, 'k\ud800': 1 } }), 400, 'validation_failed');
        }
        const queryNames = [...Object.keys(query), ...(route.auth === 'customer' && route.method === 'get' ? ['customer'] : [])];
        for (const name of new Set(queryNames)) {
          // A URL cannot carry an unpaired surrogate (the client encodes it as U+FFFD): its bytes are sent raw below.
          for (const [what, value] of POISON.slice(0, 1)) {
            const response = await t.call(route.method, url(route, { ...query, [name]: value }), { auth: t.secretKey, body });
            await expectError(response, 400, 'validation_failed', name).catch((e: Error) => {
              throw new Error(`${what} in query ${name}: ${e.message}`);
            });
          }
          // Malformed percent-encoding is refused, not decoded into U+FFFD, on every transport.
          const raw = `${url(route, query)}${url(route, query).includes('?') ? '&' : '?'}${encodeURIComponent(name)}=%ED%A0%80`;
          await expectError(await t.call(route.method, raw, { auth: t.secretKey, body }), 400, 'validation_failed', name);
        }
        for (const [, name] of route.path.matchAll(/:(\w+)/g)) {
          for (const raw of ['bad%00id', 'bad%ED%A0%80', '%FF']) {
            await expectError(await t.call(route.method, url(route, query, { [name!]: raw }), { auth: t.secretKey, body }), 400, 'validation_failed', name);
          }
        }
      },
      validated,
    );

    each(
      'refuses an over-long value in every string field with 400 naming it; every string field is bounded',
      async (route) => {
        const { query, body } = example(route, 'cus_app_1');
        const unbounded: string[] = [];
        const bodySchema = route.auth === 'customer' && route.method === 'post' ? withCustomer(route.body) : route.body;
        const querySchema = route.auth === 'customer' && route.method === 'get' ? withCustomer(route.query) : route.query;
        const bodyFields = route.method === 'post' ? stringFields(bodySchema, body, [], unbounded) : [];
        const queryFields = stringFields(querySchema, query, [], unbounded);
        expect(unbounded, 'string fields without a maximum length').toEqual([]);
        for (const field of bodyFields) {
          const sent = withLeaf(body, field.path, 'x'.repeat(field.max + 1));
          await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: sent }), 400, 'validation_failed', paramOf(field.path));
        }
        for (const field of queryFields) {
          const name = String(field.path[0]);
          await expectError(
            await t.call(route.method, url(route, { ...query, [name]: 'x'.repeat(field.max + 1) }), { auth: t.secretKey, body }),
            400,
            'validation_failed',
            name,
          );
        }
      },
      validated,
    );

    each(
      'refuses a body nested deeper than the limit (200 KB nested 100,000 deep) and malformed UTF-8 with 400',
      async (route) => {
        const { query, body } = example(route, 'cus_app_1');
        const depth = 100_000;
        const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const nested = `{${JSON.stringify(body).slice(1, -1)}${Object.keys(body ?? {}).length > 0 ? ',' : ''}"deep":${deepArray}}`;
        expect(nested.length).toBeGreaterThan(200_000);
        const response = await t.call('post', url(route, query), { auth: t.secretKey, body: nested });
        await expectError(response, 400, 'validation_failed');
        // The same rule for a body that is itself nested (arrays, objects), just past the limit.
        const past = INPUT_LIMITS.jsonDepth + 1;
        await expectError(
          await t.call('post', url(route, query), { auth: t.secretKey, body: `${'['.repeat(past)}${']'.repeat(past)}` }),
          400,
          'validation_failed',
        );
        const objects = `${'{"a":'.repeat(past)}1${'}'.repeat(past)}`;
        await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: objects }), 400, 'validation_failed');
        expect(INPUT_LIMITS.jsonDepth).toBeLessThan(100);
        // Bytes that are not UTF-8 (a lone surrogate encoded, 0xFF): refused, never read as U+FFFD.
        const json = Buffer.from(JSON.stringify({ ...body, note: '@@here@@' }));
        const at = json.indexOf('@@here@@');
        const malformed = Buffer.concat([json.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), json.subarray(at + '@@here@@'.length)]);
        await expectError(await t.call('post', url(route, query), { auth: t.secretKey, body: new Uint8Array(malformed) }), 400, 'invalid_request');
      },
      (r) => r.auth !== 'public' && r.method === 'post',
    );

    each(
      'refuses a money decision from a customer token with 403 naming the field; every money field is declared',
      async (route) => {
        expect(undeclaredMoneyFields(route), 'customer-route fields that decide money but are not in secretOnly').toEqual([]);
        const token = await t.tokenFor('cus_app_1');
        const { query, body } = example(route, 'cus_app_1');
        for (const [path, sample] of Object.entries(route.secretOnly ?? {})) {
          const field = path.replace(/\[\]/g, '');
          const sent = path.includes('[]')
            ? withLeaf(
                body,
                path
                  .split('.')
                  .map((p) => (p.endsWith('[]') ? [p.slice(0, -2), 0] : [p]))
                  .flat(),
                sample,
              )
            : { ...body, [path]: sample };
          await expectError(await t.call('post', url(route, query), { auth: token, body: sent }), 403, 'forbidden', field);
        }
      },
      (r) => r.auth === 'customer' && r.method === 'post',
    );

    each(
      'answers bad input with 400 naming the field',
      async (route) => {
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
      },
      validated,
    );
  });
}

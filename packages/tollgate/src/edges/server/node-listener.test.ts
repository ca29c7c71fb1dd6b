import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDeps } from '../../testing/deps.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { listen } from './listen.ts';
import { createNodeListener, queryRecord } from './node-listener.ts';
import type { RouteRunner } from './register.ts';
import { createTestApp, type TestApp } from './app.test-support.ts';

/** A raw HTTP/1.1 request (fetch cannot send a chunked body with a known length, or omit what it adds). */
function raw(
  url: string,
  path: string,
  init: { method: string; headers: Record<string, string>; chunks?: string[] },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: init.method, headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end();
  });
}

describe(`Node listener: the billing routes' direct path (${testDriver()})`, () => {
  let node: TestApp | undefined;
  let web: TestApp | undefined;
  afterEach(async () => {
    await node?.close();
    await web?.close();
    node = web = undefined;
  });

  // Two apps at once: the second database is a new PGlite booted and migrated in the test (seconds on a busy machine).
  it('answers exactly as the web pipeline does, without building a web Request', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    node = await createTestApp({ transport: 'node', deps: { now: '2026-03-10T15:00:00Z' } });
    web = await createTestApp({ deps: { now: '2026-03-10T15:00:00Z' } });
    const pairs: { method: string; path: string; auth?: 'secret' | 'none' | 'revoked'; body?: unknown; headers?: Record<string, string> }[] = [
      { method: 'POST', path: '/api/v1/billing/track', auth: 'secret', body: { customer: 'u1', feature: 'messages', amount: 3, idempotency_key: 'k1' } },
      { method: 'POST', path: '/api/v1/billing/check', auth: 'secret', body: { customer: 'u1', feature: 'messages', amount: 10 } },
      { method: 'POST', path: '/api/v1/billing/consume', auth: 'secret', body: { customer: 'u1', feature: 'messages', amount: 48 } },
      { method: 'GET', path: '/api/v1/billing/usage?customer=u1&customer=u2', auth: 'secret' },
      { method: 'POST', path: '/api/v1/billing/check?customer=u1', auth: 'secret', body: { feature: 'messages' } },
      { method: 'POST', path: '/api/v1/billing/check', auth: 'secret', body: { customer: 'u1', feature: 'messages', amount: -1 } },
      { method: 'POST', path: '/api/v1/billing/check', auth: 'secret', body: '{not json' },
      { method: 'POST', path: '/api/v1/billing/check', auth: 'none', body: { customer: 'u1', feature: 'messages' } },
      { method: 'POST', path: '/api/v1/billing/check', auth: 'revoked', body: { customer: 'u1', feature: 'messages' } },
      { method: 'GET', path: '/api/v1/billing/plans' },
      {
        method: 'POST',
        path: '/api/v1/billing/check',
        auth: 'secret',
        body: { customer: 'u1', feature: 'messages' },
        headers: { 'x-request-id': 'trace-12345678' },
      },
    ];
    const statuses = new Set<number>();
    for (const pair of pairs) {
      const answers = [];
      for (const t of [node, web]) {
        const auth = pair.auth === 'secret' ? t.secretKey : pair.auth === 'revoked' ? t.revokedKey : undefined;
        const response = await t.call(pair.method, pair.path, {
          ...(auth ? { auth } : {}),
          body: pair.body,
          ...(pair.headers ? { headers: pair.headers } : {}),
        });
        const body = (await response.json()) as Record<string, unknown>;
        delete body.id; // an event's id is minted per app
        answers.push({
          status: response.status,
          type: response.headers.get('content-type'),
          authenticate: response.headers.get('www-authenticate'),
          body,
          requestId: response.headers.get('x-request-id'),
        });
      }
      const [direct, webAnswer] = answers as [(typeof answers)[0], (typeof answers)[0]];
      const where = `${pair.method} ${pair.path}`;
      statuses.add(direct.status);
      expect(direct.requestId, where).toMatch(pair.headers ? /^trace-12345678$/ : /^req_/);
      expect({ ...direct, requestId: undefined }, where).toEqual({ ...webAnswer, requestId: undefined });
    }
    expect(node.fetched()).toBe(0);
    // The answers were not all alike: the cases above cover success and each refusal.
    expect([...statuses].sort()).toEqual([200, 400, 401, 403]);
  });

  it('hands browsers, chunked and oversized bodies, and other paths to the web pipeline', async () => {
    node = await createTestApp({ transport: 'node', app: { cors: { origin: ['https://app.example'] }, maxBodyBytes: 200 } });
    const url = (await node.call('GET', '/health')).url.replace(/\/health$/, '');
    expect(node.fetched()).toBe(1);
    const body = JSON.stringify({ customer: 'u1', feature: 'messages' });
    const headers = { authorization: `Bearer ${node.secretKey}`, 'content-type': 'application/json' };

    const browser = await raw(url, '/api/v1/billing/check', {
      method: 'POST',
      headers: { ...headers, origin: 'https://app.example', 'content-length': String(body.length) },
      chunks: [body],
    });
    expect(browser.status).toBe(200);
    expect(browser.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(node.fetched()).toBe(2);

    const chunked = await raw(url, '/api/v1/billing/check', {
      method: 'POST',
      headers: { ...headers, 'transfer-encoding': 'chunked' },
      chunks: [body.slice(0, 10), body.slice(10)],
    });
    expect(chunked.status).toBe(200);
    expect(JSON.parse(chunked.body)).toMatchObject({ allowed: true, feature: 'messages' });
    expect(node.fetched()).toBe(3);

    const big = JSON.stringify({ customer: 'u1', feature: 'messages', properties: { pad: 'x'.repeat(300) } });
    const oversized = await raw(url, '/api/v1/billing/track', { method: 'POST', headers: { ...headers, 'content-length': String(big.length) }, chunks: [big] });
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(node.fetched()).toBe(4);

    expect((await node.call('POST', '/api/v1/billing/check/', { auth: node.secretKey, body: { customer: 'u1', feature: 'messages' } })).status).toBe(404);
    expect(node.fetched()).toBe(5);

    // And a plain server-to-server call takes the direct path.
    const direct = await raw(url, '/api/v1/billing/check', { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, chunks: [body] });
    expect(direct.status).toBe(200);
    expect(direct.headers['content-type']).toBe('application/json');
    expect(node.fetched()).toBe(5);
  });

  it('takes no direct path when an app hook authenticates (the hook reads the web Request)', async () => {
    node = await createTestApp({
      transport: 'node',
      app: { authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { customer: 'alice' } : null) },
    });
    expect(node.app.direct).toBeUndefined();
    const response = await node.call('POST', '/api/v1/billing/check', { body: { feature: 'messages' }, headers: { cookie: 'session=alice' } });
    expect(response.status).toBe(200);
    expect(node.fetched()).toBe(1);
  });

  it('answers a thrown error as a logged 500 with the error body, and keeps serving', async () => {
    const deps = await createTestDeps({ stripe: false });
    let calls = 0;
    const listener = createNodeListener(() => new Response('fallback'), {
      runners: new Map<string, RouteRunner>([
        [
          'POST /boom',
          async () => {
            calls++;
            if (calls === 1) throw new Error('database went away');
            return { status: 200, body: { ok: true } };
          },
        ],
        // A body JSON cannot hold fails while the answer is written.
        ['POST /bigint', async () => ({ status: 200, body: { n: 1n } })],
      ]),
      ids: deps.ids,
      log: deps.log,
      maxBodyBytes: 1000,
    });
    const server = await listen({ nodeListener: () => listener }, { port: 0 });
    try {
      const failed = await fetch(`${server.url}/boom`, { method: 'POST', body: '{}' });
      expect(failed.status).toBe(500);
      expect(await failed.json()).toEqual({ error: { code: 'internal_error', message: 'internal error; see the server log for the request id' } });
      expect(failed.headers.get('x-request-id')).toMatch(/^req_/);
      const again = await fetch(`${server.url}/boom`, { method: 'POST', body: '{}' });
      expect(await again.json()).toEqual({ ok: true });
      expect(await (await fetch(`${server.url}/other`)).text()).toBe('fallback');
      const unwritable = await fetch(`${server.url}/bigint`, { method: 'POST', body: '{}' });
      expect(unwritable.status).toBe(500);
      expect(await unwritable.json()).toMatchObject({ error: { code: 'internal_error' } });
      expect((await fetch(`${server.url}/boom`, { method: 'POST', body: '{}' })).status).toBe(200); // still serving
    } finally {
      await server.close();
      await deps.close();
    }
  });

  it('reads the query as Hono does: first value wins, + is a space, empty names are skipped', () => {
    expect(queryRecord('')).toEqual({});
    expect(queryRecord('customer=a&customer=b&=x&note=hello+world&pct=%41')).toEqual({ customer: 'a', note: 'hello world', pct: 'A' });
  });
});

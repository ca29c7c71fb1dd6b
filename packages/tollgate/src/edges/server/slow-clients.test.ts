import { Agent, request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../auth/keys.ts';
import type { Db } from '../../core/db/connect.ts';
import { createLogger } from '../../core/lib/log.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createApp } from './app.ts';
import { listen, type Listening } from './listen.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

/** Opens a raw connection, sends `head` and part of a body, and resolves with whatever the server answers before it closes. */
function trickle(url: string, head: string, partial: string, options: { abortAfterSend?: boolean } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = netConnect(Number(port), hostname);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? resolve(answer) : reject(e)));
    socket.write(`${head}\r\n\r\n${partial}`, () => {
      // Gone mid-body: after the server has had the headers a moment (before them, there is no request to log).
      if (options.abortAfterSend) setTimeout(() => socket.destroy(), 300);
    });
  });
}

const head = (path: string, extra: string[] = []) =>
  [`POST ${path} HTTP/1.1`, 'Host: tollgate.test', 'Content-Type: application/json', 'Content-Length: 200', ...extra].join('\r\n');

// Every test: deps on a fresh schema, and the server it starts, closed after it.
const deps = perTest(() => createTestDeps({ stripe: false, now: '2026-03-31T23:00:00Z' }));
let server: Listening | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe(`slow clients (${testDriver()})`, () => {
  it('answers 408 and closes a request whose body does not arrive within the request timeout, on every path', async () => {
    server = await listen(createApp({ deps, database: deps.database, webhookSecret: 'whsec_test' }), { port: 0, requestTimeoutMs: 400 });
    const url = server.url;
    const auth = `Authorization: Bearer ${unwrap(await createApiKey(deps, { name: 't' })).key}`;
    // 50 at once, on the direct billing path, through the web pipeline (an Origin header), and on the webhook.
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        trickle(
          url,
          head(i % 3 === 2 ? '/api/v1/billing/webhook' : '/api/v1/billing/check', i % 3 === 1 ? [auth, 'Origin: https://app.example'] : [auth]),
          '{"customer":',
        ),
      ),
    );
    expect(answers.map((a) => a.split('\r\n')[0])).toEqual(Array(50).fill('HTTP/1.1 408 Request Timeout'));
  });

  it('logs a client that goes away mid-body as one quiet line, without a stack', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    server = await listen(createApp({ deps: { ...deps, log }, database: deps.database, webhookSecret: 'whsec_test' }), { port: 0 });
    const key = unwrap(await createApiKey(deps, { name: 't' })).key;
    const auth = `Authorization: Bearer ${key}`;
    await trickle(server.url, head('/api/v1/billing/check', [auth]), '{"customer":', { abortAfterSend: true });
    await trickle(server.url, head('/api/v1/billing/check', [auth, 'Origin: https://app.example']), '{"customer":', { abortAfterSend: true });
    await trickle(server.url, head('/api/v1/billing/webhook'), '{"id":', { abortAfterSend: true });
    // The server notices each abort on its own time (a busy machine: seconds); wait for the three lines, not for a time.
    for (let i = 0; i < 1000 && lines.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines.map((l) => [l.level, l.message, l.path])).toEqual([
      ['info', 'client went away before its request was read', '/api/v1/billing/check'],
      ['info', 'client went away before its request was read', '/api/v1/billing/check'],
      ['info', 'client went away before its request was read', '/api/v1/billing/webhook'],
    ]);
    expect(lines.some((l) => 'stack' in l || 'error' in l)).toBe(false);
  });
});

/** Counts the statements the app starts with `db.select` (the key lookup is one). */
function countingSelects(db: Db): { db: Db; count: () => number } {
  let selects = 0;
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      return (...args: unknown[]) => {
        if (property === 'select') selects++;
        return method.apply(target, args);
      };
    },
  });
  return { db: proxy, count: () => selects };
}

function get(url: string, key: string, localAddress: string, agent: Agent): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/v1/billing/session?customer=u1`, { headers: { authorization: `Bearer ${key}` }, localAddress, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`failed logins (${testDriver()})`, () => {
  it('3,000 wrong keys in a row from one address: 20 are looked up, the rest refused with 429 before the database; other addresses are not affected', async () => {
    const good = unwrap(await createApiKey(deps, { name: 'good' })).key;
    const counted = countingSelects(deps.db);
    server = await listen(createApp({ deps: { ...deps, db: counted.db }, database: deps.database, rateLimit: false }), { port: 0 });
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    try {
      const wrong = (i: number) => `tg_sk_${i.toString(16).padStart(32, '0')}`;
      const statuses: number[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 3000) statuses.push((await get(server!.url, wrong(next++), '127.0.0.1', agent)).status);
        }),
      );
      // 20 in a row, plus at most the requests already in flight when the 20th failed (16 at once here).
      const looked = statuses.filter((s) => s === 401).length;
      expect(looked).toBeGreaterThanOrEqual(20);
      expect(looked).toBeLessThanOrEqual(20 + 16);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3000 - looked);
      expect(counted.count()).toBe(looked);
      expect(await get(server.url, wrong(1), '127.0.0.1', agent)).toEqual({ status: 429, retryAfter: '1' });
      expect(await get(server.url, good, '127.0.0.1', agent)).toMatchObject({ status: 429 }); // the address waits, whatever it sends

      // Another address is untouched.
      expect((await get(server.url, wrong(1), '127.0.0.2', agent)).status).toBe(401);
      expect((await get(server.url, good, '127.0.0.3', agent)).status).toBe(200);
      // One failure is forgiven per second (the injected clock): one more try, then 429 again.
      deps.clock.advance(1000);
      expect((await get(server.url, wrong(2), '127.0.0.1', agent)).status).toBe(401);
      expect((await get(server.url, wrong(3), '127.0.0.1', agent)).status).toBe(429);
      deps.clock.advance(1000);
      expect((await get(server.url, good, '127.0.0.1', agent)).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

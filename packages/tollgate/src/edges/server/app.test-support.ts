import { createApiKey, revokeApiKey } from '../auth/keys.ts';
import { loadTokenSecret, mintCustomerToken } from '../auth/tokens.ts';
import { queryRows } from '../../core/db/sql.ts';
import { sql } from 'drizzle-orm';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps, type TestDepsOptions } from '../../testing/deps.ts';
import { type AppOptions, createApp, type TollgateApp } from './app.ts';
import { listen } from './listen.ts';
import { createNodeListener } from './node-listener.ts';

/** An app on test deps with a live secret key, a revoked one, and customer tokens on demand. */
export interface TestApp {
  app: TollgateApp;
  deps: TestDeps;
  secretKey: string;
  revokedKey: string;
  tokenFor(customer: string, ttlSeconds?: number): Promise<string>;
  /**
   * A request with a JSON body and a bearer credential: through `app.request`,
   * or (transport `node`) over real HTTP to the app's Node listener.
   */
  call(method: string, path: string, init?: { auth?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Row counts of every table in the test schema (to prove nothing was written). */
  rowCounts(): Promise<Record<string, number>>;
  /** Transport `node`: how many requests the listener handed to `app.fetch` instead of its direct path. */
  fetched(): number;
  close(): Promise<void>;
}

export interface TestAppOptions {
  deps?: TestDepsOptions;
  app?: Omit<AppOptions, 'deps'>;
  /** `fetch` (default): `app.request` in process. `node`: real HTTP to `createNodeListener`. */
  transport?: 'fetch' | 'node';
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const deps = await createTestDeps({ stripe: false, ...options.deps });
  // The shared route cases send many wrong credentials from one address: the failure limit is tested on its own (slow-clients.test.ts).
  const app = createApp({ deps, database: deps.database, authFailureLimit: false, ...options.app });
  const secretKey = unwrap(await createApiKey(deps, { name: 'test' })).key;
  const revoked = unwrap(await createApiKey(deps, { name: 'revoked' }));
  unwrap(await revokeApiKey(deps, { id: revoked.id }));
  await loadTokenSecret(deps, options.app?.tokenSecret); // made up front, so row counts only move with a request's writes
  let fetched = 0;
  const server =
    options.transport === 'node'
      ? await listen(
          {
            nodeListener: () =>
              createNodeListener((request, env) => {
                fetched++;
                return app.fetch(request, env);
              }, app.direct),
          },
          { port: 0 },
        )
      : undefined;
  return {
    app,
    deps,
    secretKey,
    revokedKey: revoked.key,
    async tokenFor(customer, ttlSeconds) {
      const secret = await loadTokenSecret(deps, options.app?.tokenSecret);
      return mintCustomerToken(secret, { customer, now: deps.clock.now(), ...(ttlSeconds ? { ttlSeconds } : {}) }).token;
    },
    call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.auth !== undefined) headers.authorization = `Bearer ${init.auth}`;
      let body: string | Blob | undefined;
      if (init.body !== undefined) {
        headers['content-type'] = 'application/json';
        // A string or bytes are sent as they are (malformed JSON, malformed UTF-8); anything else as JSON.
        body = typeof init.body === 'string' ? init.body : init.body instanceof Uint8Array ? new Blob([new Uint8Array(init.body)]) : JSON.stringify(init.body);
      }
      const init2 = { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) };
      return server ? fetch(`${server.url}${path}`, init2) : Promise.resolve(app.request(path, init2));
    },
    async rowCounts() {
      const tables = await queryRows<{ table_name: string }>(
        deps.db,
        sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name <> 'tollgate_migrations' order by table_name`,
      );
      const counts: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [row] = await queryRows<{ n: number | string }>(deps.db, sql`select count(*)::int as n from ${sql.identifier(table_name)}`);
        counts[table_name] = Number(row?.n ?? 0);
      }
      return counts;
    },
    fetched: () => fetched,
    async close() {
      await server?.close();
      await deps.close();
    },
  };
}

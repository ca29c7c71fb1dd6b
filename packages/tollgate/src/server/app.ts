import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Database } from '../db/connect.ts';
import { VERSION } from '../version.ts';

export interface AppOptions {
  database: Database;
}

/**
 * The engine's HTTP application: a web-standard `fetch(Request) => Response`
 * handler (Hono). The Node listener in `server/listen.ts` is a thin adapter.
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.get('/health', async (c) => {
    await options.database.db.execute(sql`select 1`);
    return c.json({ status: 'ok', version: VERSION, database: options.database.driver });
  });
  return app;
}

import pg from 'pg';
import type { TestDeps } from './deps.ts';

/** A session of "another process" on the test's schema (Postgres). */
export async function session(deps: TestDeps): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: deps.database.url, options: `-c search_path=${deps.database.schema}` });
  await client.connect();
  return client;
}

/** `count` such sessions, ended together by `close` (e.g. `perTest(() => sessions(deps, 3))`). */
export async function sessions(deps: TestDeps, count: number): Promise<{ clients: pg.Client[]; close(): Promise<void> }> {
  const clients = await Promise.all(Array.from({ length: count }, () => session(deps)));
  return {
    clients,
    async close() {
      for (const client of clients) await client.end();
    },
  };
}

/** The backend pid of a session. */
export const pidOf = async (client: pg.Client): Promise<number> => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;

/**
 * Waits until a session waits on a lock `holder` (a backend pid) has, or, with
 * `itself`, until `holder` itself waits. It polls for as long as it takes: how
 * soon the other session reaches the lock depends on the machine's load, and
 * the test's time limit is what finds a wait that never comes.
 */
export async function waitForLockWait(admin: pg.Client, holder: number, itself = false): Promise<void> {
  const query = itself ? `select cardinality(pg_blocking_pids($1)) as n` : `select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`;
  for (;;) {
    const { rows } = await admin.query<{ n: string }>(query, [holder]);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

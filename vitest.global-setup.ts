import { randomBytes } from 'node:crypto';
import { dropTestSchemas, testSchemaPrefix } from './packages/tollgate/src/testing/db.ts';

/**
 * Once per `vitest run`: names the run (test schemas carry its id, so runs
 * sharing a Postgres never touch each other's) and, at the end, drops every
 * schema the run made on Postgres, including those left idle in workers.
 */
export function setup(): () => Promise<void> {
  process.env.TOLLGATE_TEST_RUN ??= randomBytes(4).toString('hex');
  return async () => {
    const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
    if (url) await dropTestSchemas(url, testSchemaPrefix());
  };
}

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../testing/db.ts';
import { hasPgCode, PG_DEADLOCK, PG_UNIQUE_VIOLATION } from './pg-errors.ts';
import { queryRows } from './sql.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('hasPgCode', () => {
  const database = perTest(createTestDatabase);

  it("reads the SQLSTATE of the driver's error, also where Drizzle or the caller wrapped it", async () => {
    await queryRows(database.db, sql`create temp table pg_errors_probe (id int primary key)`);
    await queryRows(database.db, sql`insert into pg_errors_probe values (1)`);
    const error = await queryRows(database.db, sql`insert into pg_errors_probe values (1)`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(hasPgCode(error, PG_UNIQUE_VIOLATION)).toBe(true);
    expect(hasPgCode(error, PG_DEADLOCK)).toBe(false);
    expect(hasPgCode(error, PG_DEADLOCK, PG_UNIQUE_VIOLATION)).toBe(true);
    expect(hasPgCode(new Error('wrapped', { cause: error }), PG_UNIQUE_VIOLATION)).toBe(true);
    expect(hasPgCode(new Error('no code'), PG_UNIQUE_VIOLATION)).toBe(false);
    expect(hasPgCode(undefined, PG_UNIQUE_VIOLATION)).toBe(false);
  });
});

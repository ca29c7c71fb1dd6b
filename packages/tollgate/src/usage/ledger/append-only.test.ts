import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { reverseUsage } from './reverse.ts';
import { usageTestConfig } from './fixtures.test-support.ts';
import { track } from './track.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe(`the usage ledger is append-only (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config: usageTestConfig, stripe: false }));

  it('refuses to change, delete or truncate events; a reversal is a new event', async () => {
    unwrap(await track(deps, { customer: 'u1', feature: 'messages', amount: 3, idempotencyKey: 'a' }));
    for (const statement of [sql`update usage_events set amount = 1`, sql`delete from usage_events where idempotency_key = 'a'`, sql`truncate usage_events`]) {
      const error: unknown = await deps.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      // Drizzle wraps the driver's error ("Failed query: ..."); the database's own message is its cause.
      const cause = (error as { cause?: { message?: string } } | null)?.cause?.message;
      expect(cause).toMatch(/^usage_events is append-only \((UPDATE|DELETE|TRUNCATE) refused\): record a reversal instead$/);
    }
    unwrap(await reverseUsage(deps, { customer: 'u1', idempotencyKey: 'a' }));
    const rows = await queryRows<{ amount: string | number }>(deps.db, sql`select amount from usage_events order by amount`);
    expect(rows.map((r) => Number(r.amount))).toEqual([-3, 3]);
  });
});

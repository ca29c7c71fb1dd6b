import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../core/db/sql.ts';
import { paymentEvents } from '../core/db/schema/index.ts';
import { createTestDatabase, type TestDatabase, testDriver } from './db.ts';

describe(`test databases are handed on empty (${testDriver()})`, () => {
  const open: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });

  it('a schema reused after a test holds no rows, and the ledger trigger still guards usage_events', async () => {
    const first = await createTestDatabase();
    await first.db.insert(paymentEvents).values({ id: 'evt_1', type: 'customer.created', created: 1, livemode: false, payload: {}, receivedAt: new Date(0) });
    await first.db.execute(sql`insert into usage_events (id, customer_id, idempotency_key, feature, amount, occurred_at, recorded_at, window_key)
      values ('usg_1', 'c1', 'k1', 'messages', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'day:2026-01-01')`);
    const schema = first.schema;
    await first.close();
    const next = await createTestDatabase();
    open.push(next);
    // Handed the same schema in this worker (that is the point), and it is empty.
    expect(next.schema).toBe(schema);
    const counts = await queryRows<{ n: string }>(next.db, sql`select (select count(*) from payment_events) + (select count(*) from usage_events) as n`);
    expect(Number(counts[0]?.n)).toBe(0);
    await next.db.execute(sql`insert into usage_events (id, customer_id, idempotency_key, feature, amount, occurred_at, recorded_at, window_key)
      values ('usg_1', 'c1', 'k1', 'messages', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'day:2026-01-01')`);
    // Drizzle wraps the driver's error; the database's own message is its cause.
    await expect(next.db.execute(sql`update usage_events set amount = 2`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/append-only/) as unknown },
    });
  });

  it('an empty database has no tables, and is never handed on', async () => {
    const empty = await createTestDatabase({ empty: true });
    const tables = await queryRows<{ n: string }>(empty.db, sql`select count(*) as n from pg_tables where schemaname = current_schema()`);
    expect(Number(tables[0]?.n)).toBe(0);
    const schema = empty.schema;
    await empty.close();
    const next = await createTestDatabase();
    open.push(next);
    expect(next.schema).not.toBe(schema);
  });
});

import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDriver } from '../../testing/db.ts';
import { loadMigrations, migrate } from './migrate.ts';
import { queryRows } from './sql.ts';
import { paymentEvents } from './schema/index.ts';

describe(`database layer (${testDriver()})`, () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('applies every migration once; a second run applies nothing', async () => {
    database = await createTestDatabase({ empty: true });
    expect(database.driver).toBe(testDriver());
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    expect(await migrate(database.db)).toEqual({ applied: migrations.map((m) => m.tag), total: migrations.length });
    const again = await migrate(database.db);
    expect(again).toEqual({ applied: [], total: migrations.length });
    const rows = await queryRows<{ tag: string }>(database.db, sql`select tag from tollgate_migrations order by tag`);
    expect(rows.map((r) => r.tag)).toEqual(migrations.map((m) => m.tag));
  });

  it('stores Stripe documents with lz4 where the server has it (Postgres), else the default (PGlite)', async () => {
    database = await createTestDatabase();
    const [server] = await queryRows<{ lz4: boolean }>(
      database.db,
      sql`select 'lz4' = any (enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`,
    );
    const columns = await queryRows<{ table: string; compression: string }>(
      database.db,
      sql`select c.relname as table, a.attcompression::text as compression from pg_attribute a
        join pg_class c on c.oid = a.attrelid
        where c.relnamespace = current_schema()::regnamespace
          and (c.relname, a.attname) in (('payment_events', 'payload'), ('subscriptions', 'raw'), ('invoices', 'raw'))`,
    );
    expect(columns).toHaveLength(3);
    for (const column of columns) expect(column.compression).toBe(server?.lz4 ? 'l' : '');
  });

  it('concurrent migrate calls serialise on the advisory lock: one applies everything, the others nothing', async () => {
    database = await createTestDatabase({ empty: true });
    const results = await Promise.all([migrate(database.db), migrate(database.db), migrate(database.db)]);
    expect(results.map((r) => r.applied.length).sort((x, y) => x - y)).toEqual([0, 0, results[0]?.total]);
  });

  it('gives every test its own empty schema', async () => {
    database = await createTestDatabase();
    const other = await createTestDatabase();
    try {
      await database.db.insert(paymentEvents).values({
        id: 'evt_1',
        type: 'customer.created',
        created: 1,
        livemode: false,
        payload: { id: 'evt_1' },
        receivedAt: new Date('2026-01-01T00:00:00Z'),
      });
      expect(await database.db.$count(paymentEvents)).toBe(1);
      expect(await other.db.$count(paymentEvents)).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('enforces the event ledger unique key', async () => {
    database = await createTestDatabase();
    const row = {
      id: 'evt_dup',
      type: 'invoice.paid',
      created: 1,
      livemode: false,
      payload: {},
      receivedAt: new Date('2026-01-01T00:00:00Z'),
    };
    await database.db.insert(paymentEvents).values(row);
    const inserted = await database.db.insert(paymentEvents).values(row).onConflictDoNothing().returning();
    expect(inserted).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { createTestDatabase, testDriver } from '../../testing/db.ts';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./consume.test-worker.ts', import.meta.url));

describe('consume across OS processes (postgres)', () => {
  it.skipIf(testDriver() !== 'postgres')(
    'two processes x 150 concurrent consumes, allowance 50: exactly 50 succeed',
    async () => {
      const database = await createTestDatabase();
      try {
        const args = ['--import', 'tsx', worker, database.url ?? '', database.schema, '150', '2026-01-15T12:00:00Z'];
        const outputs = await Promise.all([run(process.execPath, args), run(process.execPath, args)]);
        const succeeded = outputs.map((o) => (JSON.parse(o.stdout) as { ok: number }).ok);
        expect(succeeded[0]! + succeeded[1]!).toBe(50);
        const [row] = await queryRows<{ used: string; events: string }>(
          database.db,
          sql`select (select used from usage_counters where customer_id = 'hot') as used, (select count(*) from usage_events) as events`,
        );
        expect(Number(row?.used)).toBe(50);
        expect(Number(row?.events)).toBe(50);
      } finally {
        await database.close();
      }
    },
    60_000,
  );
});

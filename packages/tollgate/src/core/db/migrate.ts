import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { queryRows } from './sql.ts';

/**
 * Applies the migrations drizzle-kit generated (packages/tollgate/drizzle) in
 * order, each in its own transaction, under an advisory lock so that several
 * nodes starting at once migrate exactly once.
 *
 * Migrations run in the connection's search_path (tables are unqualified), so
 * a test can run them inside a schema of its own. drizzle-kit qualifies
 * foreign-key targets with "public"; that qualifier is dropped for the same
 * reason. The schema uses no enums or other schema-bound types.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../drizzle/', import.meta.url));
const LOCK_KEY = 7_361_009_221; // arbitrary, fixed: "tollgate migrations"

interface Journal {
  entries: { idx: number; tag: string }[];
}

export interface Migration {
  tag: string;
  hash: string;
  statements: string[];
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const journal = JSON.parse(await readFile(`${dir}meta/_journal.json`, 'utf8')) as Journal;
  const entries = [...journal.entries].sort((a, b) => a.idx - b.idx);
  return Promise.all(
    entries.map(async ({ tag }) => {
      const text = await readFile(`${dir}${tag}.sql`, 'utf8');
      const statements = text
        .split('--> statement-breakpoint')
        .map((s) => s.replaceAll('"public".', '').trim())
        .filter((s) => s.length > 0);
      return { tag, hash: createHash('sha256').update(text).digest('hex'), statements };
    }),
  );
}

export interface MigrateResult {
  applied: string[];
  total: number;
}

export async function migrate(db: Db, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.execute(sql`
      create table if not exists tollgate_migrations (
        tag text primary key,
        hash text not null,
        applied_at timestamptz not null default now()
      )`);
    const done = await queryRows<{ tag: string }>(tx, sql`select tag from tollgate_migrations`);
    const appliedTags = new Set(done.map((r) => r.tag));
    const applied: string[] = [];
    for (const m of all) {
      if (appliedTags.has(m.tag)) continue;
      for (const statement of m.statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`insert into tollgate_migrations (tag, hash) values (${m.tag}, ${m.hash})`);
      applied.push(m.tag);
    }
    return { applied, total: all.length };
  });
}

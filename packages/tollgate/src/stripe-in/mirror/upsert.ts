import { eq, getTableColumns, type InferInsertModel, type InferSelectModel, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Deps } from '../../core/lib/deps.ts';
import type { MirrorKind, MirrorRow, StripeObjectLike } from './kind.ts';

/**
 * The `set` of an upsert that takes every column from the proposed row
 * (`excluded`), except the primary key and `created_at`.
 */
export function excludedSet(table: PgTable, keep: string[] = ['id', 'createdAt']): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (keep.includes(key)) continue;
    set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

/** A mirror table keyed by the Stripe object's id. */
type ByIdTable = PgTable & { id: PgColumn };

/**
 * How a mirror kind reads and writes its table when the row's `id` is the
 * Stripe id: `load` one row, `save` it with an upsert that takes every
 * column but `keep` (see `excludedSet`) from the new row.
 */
export function rowById<T extends ByIdTable>(table: T, keep?: string[]) {
  const set = excludedSet(table, keep);
  // Drizzle's select types a generic table's rows loosely; the row is the table's own.
  const from: PgTable = table;
  return {
    load: async (deps: Deps, id: string): Promise<InferSelectModel<T> | undefined> => {
      const [row] = await deps.db.select().from(from).where(eq(table.id, id));
      return row as InferSelectModel<T> | undefined;
    },
    save: async (deps: Deps, row: InferInsertModel<T>): Promise<void> => {
      await deps.db.insert(table).values(row).onConflictDoUpdate({ target: table.id, set });
    },
  };
}

/** What a kind over a `rowById` table declares; `load` and `save` come from the table, no rank and no hooks unless given. */
type TableKindSpec<O extends StripeObjectLike, R extends MirrorRow> = Omit<MirrorKind<O, R>, 'load' | 'save' | 'rank' | 'hooks'> &
  Partial<Pick<MirrorKind<O, R>, 'save' | 'rank' | 'hooks'>>;

/** A mirror kind whose rows are read and written by `rows` (`rowById(table)`). */
export function tableKind<O extends StripeObjectLike, R extends MirrorRow>(
  rows: Pick<MirrorKind<O, R>, 'load' | 'save'>,
  spec: TableKindSpec<O, R>,
): MirrorKind<O, R> {
  return { load: rows.load, save: rows.save, rank: () => 0, hooks: () => [], ...spec };
}

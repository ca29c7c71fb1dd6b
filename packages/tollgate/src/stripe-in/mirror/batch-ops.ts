import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

/**
 * Mirror rows to and from JSON, for batched webhook ingestion. A batch's
 * rows travel as one JSON document per table (`jsonb_populate_recordset` to
 * write, `json_agg` to read): one parameter however many rows there are, the
 * same on node-postgres and PGlite, and several tables in one statement.
 */
export interface RowCodec<R> {
  /** The rows as a JSON array keyed by column name. */
  toJson(rows: readonly R[]): string;
  /** Upserts the rows of `json` (`on conflict (id) do update` of every column but the kept ones). */
  upsert(json: string): SQL;
  /** A JSON array of the rows `where` selects, without `raw` (a subquery for one statement reading many tables). */
  select(where: SQL): SQL;
  /** A row as `select` returned it: Dates revived, `raw` null. */
  fromJson(value: Record<string, unknown>): R;
}

export function rowCodec<R>(table: PgTable, keep: string[] = ['id', 'createdAt']): RowCodec<R> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    date: column.columnType === 'PgTimestamp',
  }));
  const set = sql.raw(
    columns
      .filter((c) => !keep.includes(c.key))
      .map((c) => `"${c.name}" = excluded."${c.name}"`)
      .join(', '),
  );
  const selected = sql.raw(
    columns
      .filter((c) => c.key !== 'raw')
      .map((c) => `"${c.name}"`)
      .join(', '),
  );
  return {
    toJson(rows) {
      return JSON.stringify(
        rows.map((row) => {
          const out: Record<string, unknown> = {};
          for (const c of columns) out[c.name] = (row as Record<string, unknown>)[c.key] ?? null;
          return out;
        }),
      );
    },
    upsert(json) {
      return sql`insert into ${table} select * from jsonb_populate_recordset(null::${table}, ${json}::jsonb)
        on conflict (id) do update set ${set}`;
    },
    select(where) {
      return sql`coalesce((select json_agg(t) from (select ${selected} from ${table} where ${where}) t), '[]'::json)`;
    },
    fromJson(value) {
      const row: Record<string, unknown> = {};
      for (const c of columns) {
        const v = value[c.name] ?? null;
        row[c.key] = c.date && typeof v === 'string' ? new Date(v) : v;
      }
      return row as R;
    },
  };
}

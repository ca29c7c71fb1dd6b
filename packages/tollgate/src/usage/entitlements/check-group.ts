import type { Db } from '../../core/db/connect.ts';
import { createBatcher, perObject } from '../../core/lib/batcher.ts';
import { CONTEXT_COLUMNS, CONTEXT_JOINS, type ContextRow } from './customer-context.ts';
import { statement } from '../../core/db/sql.ts';

/** What one check reads: the mirror's context, the latest counter window and the gauge. */
export interface CheckStateRow extends ContextRow {
  window_key: string | null;
  used: string | number | null;
  billable: string | number | null;
  gauge: string | number | null;
}

interface CheckKey {
  customer: string;
  feature: string;
  /** The caller's instant (ISO): the counter window read is the latest one starting at or before it. */
  at: string;
}

const STATE_SELECT = `u.window_key, u.used, u.billable, g.value as gauge`;

// One check alone: the customer in k.ext, the feature in $2, the instant in $3.
const SINGLE_SQL = `select ${CONTEXT_COLUMNS}, ${STATE_SELECT}
  from (select $1::text as ext) k
  ${CONTEXT_JOINS}
  left join lateral (
    select window_key, used, billable from usage_counters
    where customer_id = k.ext and feature = $2 and window_start <= $3::timestamptz
    order by window_start desc limit 1
  ) u on true
  left join usage_gauges g on g.customer_id = k.ext and g.feature = $2`;

// Many checks: the same reads per element of $1 (o = its position), one row each.
const GROUP_SQL = `select k.o, ${CONTEXT_COLUMNS}, ${STATE_SELECT}
  from jsonb_to_recordset($1::jsonb) as k(o int, ext text, f text, t timestamptz)
  ${CONTEXT_JOINS}
  left join lateral (
    select window_key, used, billable from usage_counters
    where customer_id = k.ext and feature = k.f and window_start <= k.t
    order by window_start desc limit 1
  ) u on true
  left join usage_gauges g on g.customer_id = k.ext and g.feature = k.f`;

const SINGLE = statement<CheckStateRow, [customer: string, feature: string, at: string]>('tollgate_check', SINGLE_SQL);
const GROUP = statement<CheckStateRow & { o: number }, [checksJson: string]>('tollgate_check_group', GROUP_SQL);

const MAX_GROUP = 500;
// A NUL or a surrogate cannot ride in the group's jsonb (Postgres refuses NUL and
// lone surrogates there, which would fail the whole group); such a customer reads alone.
const SURROGATE = /[\uD800-\uDFFF]/;
const groups = perObject((db: Db) => createBatcher((keys: CheckKey[]) => readCheckStates(db, keys), { maxItems: MAX_GROUP, concurrency: 1, gather: 'none' }));

/** One check's state, read alone (one round trip). */
export async function readCheckState(db: Db, key: CheckKey): Promise<CheckStateRow | undefined> {
  const rows = await SINGLE.rows(db, [key.customer, key.feature, key.at]);
  return rows[0];
}

/** Several checks' states in one round trip, in the order asked. */
export async function readCheckStates(db: Db, keys: CheckKey[]): Promise<(CheckStateRow | undefined)[]> {
  if (keys.length === 1 && keys[0]) return [await readCheckState(db, keys[0])];
  const payload = JSON.stringify(keys.map((k, o) => ({ o, ext: k.customer, f: k.feature, t: k.at })));
  const rows = await GROUP.rows(db, [payload]);
  const out: (CheckStateRow | undefined)[] = new Array<CheckStateRow | undefined>(keys.length).fill(undefined);
  for (const row of rows) out[row.o] = row;
  return out;
}

/**
 * Grouped reads for concurrent checks. The first check of a database goes at
 * once; checks arriving while its read is in flight wait and then go together
 * in ONE statement (one pooled connection, one round trip). Each caller gets
 * the row its own read would have returned: every element carries its own
 * customer, feature and instant, and nothing is kept after the read settles.
 */
export function submitCheckRead(db: Db, key: CheckKey): Promise<CheckStateRow | undefined> {
  if (key.customer.includes('\u0000') || SURROGATE.test(key.customer)) return readCheckState(db, key);
  return groups(db).submit({ customer: key.customer, feature: key.feature, at: key.at });
}

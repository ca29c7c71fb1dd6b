import { statement } from '../../core/db/sql.ts';
import { EVENT_COLUMNS, type EventRow } from './event.ts';

// The statements of the ledger write (usage/write-events.ts).

/** The answer of the track statements: ordinals (1-based) of the events not written (PGlite may answer an int[] as text). */
export interface SeenRow {
  seen: number[] | string;
}

/**
 * The events' parameters, one array literal per column ($1-$17 below): the
 * events (ids, keys, amounts, times, counter slots, properties), the
 * counters (customer, feature, window key, start, end, included, soft), now,
 * and each event's customer, feature and window key.
 */
export type TrackParams = [
  ids: string,
  keys: string,
  amounts: string,
  times: string,
  slots: string,
  properties: string | null,
  counterCustomers: string,
  counterFeatures: string,
  counterWindows: string,
  counterStarts: string,
  counterEnds: string,
  counterIncluded: string,
  counterSoft: string,
  now: string,
  eventCustomers: string,
  eventFeatures: string,
  eventWindows: string,
];

/*
 * Parameters are arrays (unnest), not one big JSON document: Postgres reads
 * them without a JSON parse, and the driver sends one value per column.
 * Per event: $1 id, $2 idempotency key, $3 amount, $4 occurred_at (NULL:
 * now), $5 the 1-based index of its counter, $6 properties (a JSON array
 * aligned with the events, or null when no event has any), $15 customer, $16
 * feature, $17 window key. Per counter (customer x feature x window, sorted
 * in JS, so concurrent batches lock counters in one order): $7 customer, $8
 * feature, $9 window key, $10 start, $11 end, $12 included, $13 soft. $14:
 * now.
 *
 * Arrays are only ever read whole, by unnest (zipped by position), never by
 * subscript: `arr[i]` on an array of text walks it from the start, which made
 * a batch of 1,000 counters cost a million steps.
 */
const EVENTS = `unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::int[], $15::text[], $16::text[], $17::text[]) with ordinality as u(i, k, a, t, g, c, f, w, n)`;
const LEDGER_COLUMNS = 'id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties';
const LEDGER_VALUES = `x.i, x.c, x.f, x.a, x.k, coalesce(x.t, $14::timestamptz), $14::timestamptz, x.w, $6::jsonb -> (x.n::int - 1)`;
/**
 * The counters' upsert. `amounts` is an SQL expression giving an array with
 * one element per counter, in counter order: the sum of the batch's new
 * events on it, NULL when it has none (then it is not touched).
 */
function counterUpsert(amounts: string): string {
  return `insert into usage_counters as u (customer_id, feature, window_key, window_start, window_end, used, included, soft, billable, reported, updated_at)
          select c, f, w, s, e, amount, included, soft, case when soft then greatest(0, amount - included) else 0 end, 0, $14::timestamptz
          from unnest($7::text[], $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::bigint[], $13::boolean[], ${amounts})
            with ordinality as v(c, f, w, s, e, included, soft, amount, g)
          where amount is not null
          order by g
          on conflict (customer_id, feature, window_key) do update set
            used = u.used + excluded.used,
            included = excluded.included,
            soft = u.soft or excluded.soft,
            billable = u.billable + case when excluded.soft
              then greatest(0, u.used + excluded.used - excluded.included) - greatest(0, u.used - excluded.included)
              else 0 end,
            updated_at = excluded.updated_at`;
}
/*
 * Every counter has at least one event in the batch, so grouping the events
 * by counter gives one row per counter, 1..m: aggregated in that order they
 * line up with the counter arrays.
 */
const SUMS = (fresh: string) => `(select array_agg(amount order by g) from (select g, sum(a) filter (where ${fresh})::bigint as amount from x group by g) agg)`;

/*
 * The fast paths: a plain insert (no speculative insertion). The probing one
 * first skips events whose key the ledger already holds (an index probe per
 * event) and answers their ordinals; the blind one skips the probe (used
 * after a run of batches without repeats: retries are rare in a steady
 * stream). A key repeated inside the batch, written by a concurrent batch
 * meanwhile, or (blind) already in the ledger makes the statement fail with a
 * unique violation, writing nothing, and the batch goes again through
 * TRACK_SQL_SAFE.
 */
function fastTrackSql(probe: boolean): string {
  const seen = probe ? 'exists (select 1 from usage_events e where e.customer_id = u.c and e.idempotency_key = u.k)' : 'false';
  // $18 (all or nothing): when any key is a repeat, nothing is written (halt) and the batch goes the checked way.
  return `with s as (
          select u.*, ${seen} as seen
          from ${EVENTS}
        ), x as (
          select s.*, ($18::boolean and bool_or(s.seen) over ()) as halt from s
        ), ins as (
          insert into usage_events (${LEDGER_COLUMNS})
          select ${LEDGER_VALUES} from x where not x.seen and not x.halt
        ), up as (
          ${counterUpsert(SUMS('not seen and not halt'))}
        )
        select coalesce(array_agg(n::int) filter (where seen), '{}') as seen from x`;
}
/** The probing fast path (see above): the events' parameters, then all-or-nothing. */
export const TRACK_PROBE = statement<SeenRow, [...TrackParams, atomic: boolean]>('tollgate_track_probe_v3', fastTrackSql(true));
/** The blind fast path. */
export const TRACK_BLIND = statement<SeenRow, [...TrackParams, atomic: boolean]>('tollgate_track_blind_v3', fastTrackSql(false));

/*
 * The safe path (its text is also run inside a transaction, with
 * `positional`, when a batch must be all or nothing): `insert ... on conflict do nothing` in key order (the first of a key repeated
 * in the batch wins), then the
 * sums of the rows that were new. Answers the ordinals of the skipped events.
 */
const TRACK_SQL_SAFE = `with e as (
          select * from ${EVENTS}
        ), ins as (
          insert into usage_events (${LEDGER_COLUMNS})
          select ${LEDGER_VALUES} from e x order by x.c, x.k, x.n
          on conflict (customer_id, idempotency_key) do nothing
          returning id
        ), x as (
          select e.*, ins.id is not null as fresh from e left join ins on ins.id = e.i
        ), up as (
          ${counterUpsert(SUMS('fresh'))}
        )
        select coalesce(array_agg(x.n::int) filter (where not fresh), '{}') as seen from x`;

/** The safe path: the events' parameters; also run inside a transaction (`rowsIn`). */
export const TRACK_SAFE = statement<SeenRow, TrackParams>('tollgate_track_safe_v2', TRACK_SQL_SAFE);

/** The originals of repeated keys: $1 customers, $2 keys (array literals, aligned). */
export const TRACK_ORIGINALS = statement<EventRow, [customers: string, keys: string]>(
  'tollgate_track_originals2',
  `select ${EVENT_COLUMNS.replace(/(\w+)/g, 'e.$1')} from unnest($1::text[], $2::text[]) as r(c, k)
       join usage_events e on e.customer_id = r.c and e.idempotency_key = r.k`,
);

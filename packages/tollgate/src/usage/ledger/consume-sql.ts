import { statement } from '../../core/db/sql.ts';
import { EVENT_COLUMNS, type EventRow } from './event.ts';

// The consume group's statements (usage/consume-group.ts).

/*
 * One statement, one round trip, one commit for the whole group: lock the
 * counter row, walk the requests in order (a recursive CTE, so each decision
 * sees the usage the previous ones added, exactly as if run one by one;
 * repeated idempotency keys are skipped), insert the accepted events and move
 * the counter by what was actually inserted.
 */
export const CONSUME = statement<
  FlushRow,
  [customer: string, feature: string, windowKey: string, requestsJson: string, limit: number | null, now: string, soft: boolean, included: number | null]
>(
  'tollgate_consume',
  `with recursive cur as materialized (
    select used, billable from usage_counters
    where customer_id = $1 and feature = $2 and window_key = $3
    for update
  ), req as (
    select x.o, x.i, x.a, x.k, x.p, x.t,
      row_number() over (order by x.o) as n,
      exists (select 1 from usage_events e where e.customer_id = $1 and e.idempotency_key = x.k) as prior,
      row_number() over (partition by x.k order by x.o) > 1 as sibling
    from jsonb_to_recordset($4::jsonb) as x(o int, i text, a bigint, k text, p jsonb, t timestamptz)
  ), walk(n, used, ok) as (
    select 0::bigint, (select used from cur), false
    union all
    select r.n,
      case when not r.prior and not r.sibling and ($5::bigint is null or w.used + r.a <= $5::bigint) then w.used + r.a else w.used end,
      not r.prior and not r.sibling and ($5::bigint is null or w.used + r.a <= $5::bigint)
    from walk w join req r on r.n = w.n + 1
  ), ins as (
    insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties)
    select r.i, $1, $2, r.a, r.k, r.t, r.t, $3, r.p
    from req r join walk w on w.n = r.n where w.ok
    on conflict (customer_id, idempotency_key) do nothing
    returning id, amount
  ), upd as (
    update usage_counters u set
      used = u.used + (select coalesce(sum(amount), 0) from ins),
      billable = u.billable + case when $7::boolean
        then greatest(0, u.used + (select coalesce(sum(amount), 0) from ins) - $8::bigint) - greatest(0, u.used - $8::bigint) else 0 end,
      included = $8::bigint,
      soft = u.soft or $7::boolean,
      updated_at = $6::timestamptz
    where u.customer_id = $1 and u.feature = $2 and u.window_key = $3 and exists (select 1 from ins)
    returning 1
  )
  select r.o, w.ok, w.used, r.prior, (select billable from cur) as start_billable, (select used from cur) as start_used,
    (select coalesce(json_agg(id), '[]'::json) from ins) as inserted, (select count(*) from upd) as updated
  from req r join walk w on w.n = r.n
  order by r.n`,
);

/** One row per request, in order. */
export interface FlushRow {
  o: number;
  ok: boolean;
  used: string | number;
  prior: boolean;
  start_billable: string | number | null;
  start_used: string | number | null;
  inserted: string[] | string;
}

/** The originals of repeated keys: $1 customer, $2 the keys (a JSON array). */
export const CONSUME_ORIGINALS = statement<EventRow, [customer: string, keysJson: string]>(
  'tollgate_consume_originals',
  `select ${EVENT_COLUMNS} from usage_events where customer_id = $1 and idempotency_key in (select jsonb_array_elements_text($2::jsonb))`,
);

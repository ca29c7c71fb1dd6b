import { statement } from '../../core/db/sql.ts';
import { LEDGER_COLUMNS, type LedgerRow } from './ledger-row.ts';

/*
 * The debit statement: one round trip, one commit for a whole group of
 * debits of one balance. It locks the balance row (every node's debits of it
 * queue there), then the unexpired grants (so it reads them as the previous
 * debit left them, whatever its snapshot), in burn order with their running
 * total, walks the requests in order (a recursive CTE, so each decision sees
 * what the previous ones took, exactly as if run one by one; repeated
 * idempotency keys are skipped), and then, for the accepted debits:
 * - cuts each debit's range of the running total out of the grants' ranges
 *   (its allocations: what it takes from which grant, in burn order; beyond
 *   the grants, the debt of an overdraft),
 * - inserts one ledger row per debit (its allocations and the balance after),
 * - lowers the grants by what the inserted debits took,
 * - moves the balance row: debt, spend in the period, and the count of
 *   downward crossings of the customer's auto top-up threshold.
 *
 * $1 customer, $2 system, $3 requests (jsonb: o, i = ledger id, k = key,
 * f = feature, u = units, c = micro-credits, p = properties), $4 now,
 * $5 overdraft (micro-credits), $6 spend window, $7 the plan's default cap
 * (a customer's own, in spend_caps, wins; null = none).
 */
const OK = `(a.fresh[w.n + 1] and w.avail - a.c[w.n + 1] >= -$5::bigint
      and ((select cap from lim) is null or w.spent + a.c[w.n + 1] <= (select cap from lim)))`;

const DEBIT_SQL = `with recursive bal as materialized (
    select debt, case when spent_window = $6 then spent else 0 end as spent
    from credit_balances where customer_id = $1 and system = $2
    for update
  ), lim as materialized (
    select
      (select case when s.customer_id is null then $7::bigint else s.cap end
        from (select 1) one left join spend_caps s on s.customer_id = $1 and s.scope = $2) as cap,
      (select t.threshold from credit_auto_topups t where t.customer_id = $1 and t.system = $2 and t.enabled) as thr
  ), gl as (
    -- The grants are locked too, after the balance row (every writer takes that first): a statement that
    -- waited for the lock then reads each grant as the last debit left it, not as its snapshot saw it.
    select id, remaining, priority, expires_at, effective_at
    from credit_grants
    where customer_id = $1 and system = $2 and remaining > 0 and (expires_at is null or expires_at > $4::timestamptz)
      and (select true from bal)
    for update
  ), g as materialized (
    select id, remaining, sum(remaining) over (order by priority, expires_at nulls last, effective_at, id) as hi from gl
  ), req as (
    select x.o, x.i, x.k, x.f, x.u, x.c, x.p,
      (row_number() over (order by x.o))::int as n,
      e.k is not null as prior,
      row_number() over (partition by x.k order by x.o) > 1 as sibling
    from jsonb_to_recordset($3::jsonb) as x(o int, i text, k text, f text, u bigint, c bigint, p jsonb)
    -- One primary-key probe per key (a lateral with a limit: never a scan of the customer's whole ledger).
    left join lateral (select e.idempotency_key as k from credit_ledger e where e.customer_id = $1 and e.idempotency_key = x.k limit 1) e on true
  ), arr as materialized (
    -- The walk reads the requests by position from arrays: O(1) a step, where a join would scan them all each step.
    select array_agg(c order by n) as c, array_agg(not prior and not sibling order by n) as fresh, count(*)::int as len from req
  ), walk(n, avail, spent, ok) as (
    select 0, (select coalesce(sum(remaining), 0) from g) - (select debt from bal), (select spent from bal), false
    union all
    select w.n + 1,
      case when ${OK} then w.avail - a.c[w.n + 1] else w.avail end,
      case when ${OK} then w.spent + a.c[w.n + 1] else w.spent end,
      ${OK}
    from walk w, arr a
    where w.n < a.len
  ), acc as (
    select r.i, r.k, r.f, r.u, r.c, r.p, w.avail, sum(r.c) over (order by r.n) as hi
    from req r join walk w on w.n = r.n
    where w.ok
  ), alloc as (
    select a.i, g.id as gid, g.hi as ghi, least(a.hi, g.hi) - greatest(a.hi - a.c, g.hi - g.remaining) as amt
    from acc a join g on g.hi > a.hi - a.c and g.hi - g.remaining < a.hi
  ), aj as (
    select i, jsonb_agg(jsonb_build_array(gid, amt) order by ghi) as j from alloc group by i
  ), ins as (
    insert into credit_ledger (id, customer_id, system, kind, amount, idempotency_key, feature, units, window_key, allocations, balance_after, properties, occurred_at, recorded_at)
    select a.i, $1, $2, 'debit', -a.c, a.k, a.f, a.u, $6, aj.j, a.avail, a.p, $4::timestamptz, $4::timestamptz
    from acc a left join aj on aj.i = a.i
    on conflict (customer_id, idempotency_key) do nothing
    returning id, -amount as c, balance_after
  ), used as (
    select l.gid, sum(l.amt) as amt from alloc l join ins on ins.id = l.i group by l.gid
  ), ug as (
    update credit_grants cg set remaining = cg.remaining - u.amt from used u where cg.id = u.gid
    returning 1
  ), tot as materialized (
    select coalesce(sum(c), 0) as cost,
      count(*) filter (where (select thr from lim) is not null and balance_after + c >= (select thr from lim) and balance_after < (select thr from lim)) as crossings
    from ins
  ), ub as (
    update credit_balances b set
      debt = b.debt + (select cost from tot) - (select coalesce(sum(amt), 0) from used),
      spent = (select spent from bal) + (select cost from tot),
      spent_window = $6,
      topup_seq = b.topup_seq + (select crossings from tot),
      updated_at = $4::timestamptz
    where b.customer_id = $1 and b.system = $2 and exists (select 1 from ins)
    returning b.topup_seq
  )
  -- One narrow row per request; what the group shares rides on the first row only.
  select r.o, w.ok, w.avail, w.spent, r.prior, r.i in (select id from ins) as inserted,
    case when r.n = 1 then (select avail from walk where n = 0) end as start_avail,
    case when r.n = 1 then (select spent from walk where n = 0) end as start_spent,
    case when r.n = 1 then (select cap from lim) end as cap,
    case when r.n = 1 then (select thr from lim) end as thr,
    case when r.n = 1 then (select topup_seq from ub) end as topup_seq,
    case when r.n = 1 then (select count(*) from ug) end as touched
  from req r join walk w on w.n = r.n
  order by r.n`;

/** One row per request, in order. */
export interface FlushRow {
  o: number;
  ok: boolean;
  avail: string | number;
  spent: string | number;
  prior: boolean;
  start_avail: string | number | null;
  start_spent: string | number | null;
  cap: string | number | null;
  thr: string | number | null;
  inserted: boolean;
  topup_seq: string | number | null;
}

export const DEBIT = statement<
  FlushRow,
  [customer: string, system: string, requestsJson: string, now: string, overdraft: number, spendWindow: string, planCap: number | null]
>('tollgate_credit_debit', DEBIT_SQL);

/** The originals of repeated keys: $1 customer, $2 the keys (a JSON array). */
export const DEBIT_ORIGINALS = statement<LedgerRow, [customer: string, keysJson: string]>(
  'tollgate_credit_originals',
  `select ${LEDGER_COLUMNS} from credit_ledger where customer_id = $1 and idempotency_key in (select jsonb_array_elements_text($2::jsonb))`,
);

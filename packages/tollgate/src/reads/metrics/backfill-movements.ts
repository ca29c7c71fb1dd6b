import { type SQL, sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type CurrencyTotal, crossMilestones } from './milestones.ts';
import { MONTHLY_AMOUNT } from './mrr-sql.ts';

export interface BackfillResult {
  /** Movements written. */
  movements: number;
}

/** Subscriptions per statement (and transaction) when the whole mirror is backfilled. */
export const BACKFILL_BATCH = 10_000;

/**
 * History for subscriptions mirrored before movements were recorded (or
 * imported by a sync): for each subscription with no movement yet that paid,
 * a `new` (`reactivation` when the customer had ended a subscription before)
 * when it started paying (trial end, else start), and a `churn` when it ended
 * if it is canceled. The figure is the subscription's current one (the mirror
 * keeps no earlier states). Idempotent; the running totals follow and
 * milestones already reached are marked crossed, without hooks.
 * `subscriptionIds` limits it to those, in one statement (the mirror calls it
 * before it saves a change, so that a change to an old subscription is
 * measured from its past); otherwise the mirror is walked in batches of
 * `batchSize` subscription ids, one statement each, so no transaction holds
 * the running totals' row lock for long.
 *
 * Which subscriptions have no movement is an EXCEPT, not an anti-join: a set
 * operation reads both sides whole before the insert writes its first row.
 * An anti-join runs lazily, interleaved with the insert into the very table
 * it probes, and planned over an empty (just analyzed) mrr_movements it
 * became a nested loop re-scanning that growing table for every
 * subscription: quadratic, the bench's backfill of 100,000 subscriptions ran
 * for minutes.
 */
export async function backfillMrrMovements(deps: Deps, input: { subscriptionIds?: string[]; batchSize?: number } = {}): Promise<BackfillResult> {
  const totals = new Map<string, CurrencyTotal>();
  let movements = 0;
  const run = async (scope: Scope) => {
    for (const row of await backfillStatement(deps, scope)) {
      totals.set(row.currency, { currency: row.currency, mrr: Number(row.mrr), subscribers: Number(row.subscribers) });
      movements += Number(row.written);
    }
  };
  if (input.subscriptionIds) {
    await run({ ids: JSON.stringify(input.subscriptionIds) });
  } else {
    const size = Math.max(1, input.batchSize ?? BACKFILL_BATCH);
    for (let after = ''; ;) {
      const [last] = await queryRows<{ id: string | null }>(
        deps.db,
        sql`select max(id) as id from (select id from subscriptions where id > ${after} order by id limit ${size}) b`,
      );
      if (!last?.id) break;
      await run({ after, upTo: last.id });
      after = last.id;
    }
  }
  await crossMilestones(deps, [...totals.values()], { fire: false });
  return { movements };
}

/** Either these subscription ids (a JSON array), or the ids in (after, upTo]. */
type Scope = { ids: string } | { after: string; upTo: string };

async function backfillStatement(deps: Deps, scope: Scope) {
  const inScope = (column: SQL) =>
    'ids' in scope ? sql`${column} in (select jsonb_array_elements_text(${scope.ids}::jsonb))` : sql`${column} > ${scope.after} and ${column} <= ${scope.upTo}`;
  const now = deps.clock.now().toISOString();
  return queryRows<{ currency: string; mrr: string; subscribers: string; written: string }>(
    deps.db,
    sql`with todo as (
          select id from subscriptions where status in ('active', 'past_due', 'canceled') and ${inScope(sql`id`)}
          except
          select subscription_id from mrr_movements where ${inScope(sql`subscription_id`)}
        ),
        s as (
          select s.id, s.stripe_customer_id, s.currency, s.plan_key, s.status, round(${MONTHLY_AMOUNT})::bigint as mrr,
                 coalesce(s.trial_end, s.start_date, to_timestamp(s.stripe_created)) as paying_from,
                 case when s.status = 'canceled' then coalesce(s.ended_at, s.canceled_at) end as ended
          from subscriptions s join todo using (id)
        ),
        paid as (
          select * from s where mrr > 0 and (status <> 'canceled' or (ended is not null and paying_from <= ended))
        ),
        moves as (
          select 'mrm_bf_start_' || p.id as id, p.id as subscription_id, p.stripe_customer_id, p.currency,
                 case when exists (
                   select 1 from subscriptions o where o.stripe_customer_id = p.stripe_customer_id and o.id <> p.id
                     and o.status = 'canceled' and coalesce(o.ended_at, o.canceled_at) <= p.paying_from
                 ) then 'reactivation' else 'new' end as kind,
                 p.plan_key, 0::bigint as mrr_before, p.mrr as mrr_after, p.paying_from as at
          from paid p
          union all
          select 'mrm_bf_end_' || p.id, p.id, p.stripe_customer_id, p.currency, 'churn', p.plan_key, p.mrr, 0::bigint, p.ended
          from paid p where p.ended is not null
        ),
        ins as (
          insert into mrr_movements (id, subscription_id, stripe_customer_id, currency, kind, plan_key, previous_plan_key,
                                     mrr_before, mrr_after, amount, at, event_id, source, created_at)
          select id, subscription_id, stripe_customer_id, currency, kind, plan_key, case when kind = 'churn' then plan_key end,
                 mrr_before, mrr_after, mrr_after - mrr_before, at, null, 'backfill', ${now}::timestamptz
          from moves
          on conflict (id) do nothing
          returning currency, amount, mrr_before, mrr_after
        ),
        sums as (
          select currency, sum(amount)::bigint as mrr, sum((mrr_after > 0)::int - (mrr_before > 0)::int)::int as subscribers,
                 count(*) as written
          from ins group by currency
        ),
        totals as (
          insert into mrr_totals (currency, mrr, subscribers, updated_at)
          select currency, mrr, subscribers, ${now}::timestamptz from sums order by currency
          on conflict (currency) do update set mrr = mrr_totals.mrr + excluded.mrr,
            subscribers = mrr_totals.subscribers + excluded.subscribers, updated_at = excluded.updated_at
          returning currency, mrr, subscribers
        )
        select t.currency, t.mrr, t.subscribers, s.written from totals t join sums s using (currency)`,
  );
}

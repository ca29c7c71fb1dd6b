import { sql, type SQL } from 'drizzle-orm';
import { ok, type Result } from '../../core/lib/result.ts';
import { DAY, type DayRange, dayRange, type RangeInput } from './range.ts';

// The SQL side of a read over whole UTC days (the range itself is range.ts, free
// of Drizzle: the public reads' declarations name only RangeInput).

/** What a read over a day range works with: the range, its bounds as ISO text, the movement SQL for the plan asked for. */
export interface RangeScope extends DayRange {
  s: string;
  e: string;
  m: ReturnType<typeof movementDelta>;
}

/**
 * Runs `read` over whole UTC days [from's day, to's day] (a bad range is the
 * error); the answer starts with `from` and `to`, the first and last day
 * (`YYYY-MM-DD`, both included), then what `read` gives.
 */
export async function readDayRange<T extends object>(
  input: RangeInput,
  read: (scope: RangeScope) => Promise<T>,
): Promise<Result<{ from: string; to: string } & T>> {
  const range = dayRange(input.from, input.to);
  if (!range.ok) return range;
  const { start, end } = range.value;
  const s = start.toISOString();
  const value = await read({ ...range.value, s, e: end.toISOString(), m: movementDelta(input.plan) });
  return ok({ from: s.slice(0, 10), to: new Date(end.getTime() - DAY).toISOString().slice(0, 10), ...value });
}

/**
 * A movement's MRR change and paying-subscription change, whole or for one
 * plan (a plan change moves MRR from the previous plan to the new one).
 */
export function movementDelta(plan: string | undefined): { delta: SQL; subscribers: SQL; where: SQL } {
  if (plan === undefined) return { delta: sql`amount`, subscribers: sql`((mrr_after > 0)::int - (mrr_before > 0)::int)`, where: sql`true` };
  return {
    delta: sql`(case when plan_key = ${plan} then mrr_after else 0 end - case when previous_plan_key = ${plan} then mrr_before else 0 end)`,
    subscribers: sql`((plan_key = ${plan} and mrr_after > 0)::int - (coalesce(previous_plan_key = ${plan}, false) and mrr_before > 0)::int)`,
    where: sql`(plan_key = ${plan} or previous_plan_key = ${plan})`,
  };
}

/**
 * Each currency's MRR and paying subscriptions just before `start` (ISO), as
 * rows (currency, mrr, subs). Whole: the running totals (`mrr_totals`, kept
 * in the movements' own transaction) less the movements since `start`, so only
 * the movements from `start` on are read (mrr_movements_at_idx). For one plan
 * there is no running total: the plan's movements before `start` are summed.
 */
export function balanceBefore(plan: string | undefined, start: string): SQL {
  const m = movementDelta(plan);
  if (plan !== undefined) {
    return sql`select currency, sum(${m.delta}) as mrr, sum(${m.subscribers}) as subs
      from mrr_movements where at < ${start}::timestamptz and ${m.where} group by currency`;
  }
  return sql`select t.currency, t.mrr - coalesce(a.mrr, 0) as mrr, t.subscribers - coalesce(a.subs, 0) as subs
    from mrr_totals t left join (
      select currency, sum(amount) as mrr, sum(${m.subscribers}) as subs from mrr_movements where at >= ${start}::timestamptz group by currency
    ) a using (currency)`;
}

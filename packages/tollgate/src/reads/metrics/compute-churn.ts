import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export interface ChurnFigures {
  from: Date;
  to: Date;
  /** Paying subscriptions at `from`. */
  atStart: number;
  /** Subscriptions created in [from, to) that got past `incomplete`. */
  new: number;
  /** Paying subscriptions that ended in [from, to). */
  churned: number;
  /** churned ÷ atStart; null when nothing was paying at the start. */
  churnRate: number | null;
}

/**
 * New and churned subscriptions over [from, to), from the mirror. "Paying at
 * a time t" means: started (created) before t, past any trial by t, never
 * stuck in `incomplete`, and not ended by t. Churned: a subscription paying
 * when it ended, ended (ended_at, else canceled_at) in the period. Trials
 * that end without paying are not churn.
 */
export async function computeChurn(deps: Deps, input: { from: unknown; to: unknown }): Promise<Result<ChurnFigures>> {
  const { from, to } = input;
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) return err(appError('validation_failed', 'from must be a date', 'from'));
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) return err(appError('validation_failed', 'to must be a date', 'to'));
  if (to <= from) return err(appError('validation_failed', 'to must be after from', 'to'));
  const f = from.toISOString();
  const t = to.toISOString();
  const [row] = await queryRows<{ at_start: string; new: string; churned: string }>(
    deps.db,
    sql`with s as (
          select to_timestamp(stripe_created) as started, coalesce(trial_end, to_timestamp(stripe_created)) as paying_from,
                 case when status = 'canceled' then coalesce(ended_at, canceled_at) end as ended
          from subscriptions where status not in ('incomplete', 'incomplete_expired')
        )
        select
          count(*) filter (where paying_from <= ${f}::timestamptz and (ended is null or ended > ${f}::timestamptz)) as at_start,
          count(*) filter (where started >= ${f}::timestamptz and started < ${t}::timestamptz) as new,
          count(*) filter (where ended >= ${f}::timestamptz and ended < ${t}::timestamptz and paying_from <= ended) as churned
        from s`,
  );
  const atStart = Number(row?.at_start ?? 0);
  const churned = Number(row?.churned ?? 0);
  return ok({ from, to, atStart, new: Number(row?.new ?? 0), churned, churnRate: atStart === 0 ? null : churned / atStart });
}

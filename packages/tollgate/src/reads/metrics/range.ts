import { sql, type SQL } from 'drizzle-orm';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/** At most this many days in one daily series. */
export const MAX_DAYS = 3660;

export interface DayRange {
  /** Midnight UTC of the first day. */
  start: Date;
  /** Midnight UTC after the last day (exclusive). */
  end: Date;
  days: number;
}

const DAY = 86_400_000;
const valid = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** Whole UTC days from `from`'s day to `to`'s day, both included; errors name `from` or `to`. */
export function dayRange(from: unknown, to: unknown): Result<DayRange> {
  if (!valid(from)) return err(appError('validation_failed', 'from must be a date', 'from'));
  if (!valid(to)) return err(appError('validation_failed', 'to must be a date', 'to'));
  const start = new Date(Math.floor(from.getTime() / DAY) * DAY);
  const end = new Date(Math.floor(to.getTime() / DAY) * DAY + DAY);
  if (end <= start) return err(appError('validation_failed', 'to must not be before from', 'to'));
  const days = Math.round((end.getTime() - start.getTime()) / DAY);
  if (days > MAX_DAYS) return err(appError('validation_failed', `at most ${MAX_DAYS} days at once`, 'to'));
  return ok({ start, end, days });
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

import { z } from 'zod';
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

export const DAY = 86_400_000;

/** Minor units, or a count: a whole number. */
export const whole = () => z.number().int();

/** MRR movements by kind, minor units (churn and contraction negative): a day's (mrrHistory) or a range's (revenueSummary). */
export const movementsByKind = { new: whole(), expansion: whole(), contraction: whole(), churn: whole(), reactivation: whole() };
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

/** The input of a read over whole UTC days, optionally for one plan. */
export interface RangeInput {
  from: unknown;
  to: unknown;
  plan?: string | undefined;
}

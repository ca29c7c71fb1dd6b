import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { INPUT_LIMITS, stringProblem } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export function checkUrl(value: unknown, param: string): Result<string, AppError> {
  if (typeof value !== 'string' || value.length > INPUT_LIMITS.url || stringProblem(value) !== null) {
    return err(appError('validation_failed', `${param} must be an absolute http(s) URL of at most ${INPUT_LIMITS.url} characters`, param));
  }
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return ok(value);
  } catch {
    // fall through
  }
  return err(appError('validation_failed', `${param} must be an absolute http(s) URL (got ${JSON.stringify(value)})`, param));
}

export function checkInterval(value: unknown, param = 'interval'): Result<BillingInterval, AppError> {
  if (value === undefined || value === 'month') return ok('month');
  if (value === 'year') return ok('year');
  return err(appError('validation_failed', `${param} must be "month" or "year"`, param));
}

export function checkCount(value: unknown, param: string, max: number): Result<number | undefined, AppError> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    return err(appError('validation_failed', `${param} must be a whole number from 1 to ${max}`, param));
  }
  return ok(value);
}

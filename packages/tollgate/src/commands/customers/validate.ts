import { isValidTimeZone } from '../../usage/entitlements/windows.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS, stringProblem } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

const ID = { max: INPUT_LIMITS.id, notBlank: true };

/** Checks an app-supplied id (external id, tenant id): a non-empty string Stripe metadata and Postgres can hold (lib/input.ts). */
export function checkId(value: unknown, param: string): Result<string, AppError> {
  const problem = checkText(value, param, ID);
  return problem ? err(problem) : ok(value as string);
}

export function checkEmail(value: unknown, param = 'email'): Result<string | undefined, AppError> {
  if (value === undefined) return ok(undefined);
  if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) || value.length > INPUT_LIMITS.email || stringProblem(value) !== null) {
    return err(appError('validation_failed', `${param} must be an email address`, param));
  }
  return ok(value);
}

/** Stripe metadata: at most 50 keys of up to 40 characters, string values of up to 500. */
export function checkMetadata(value: unknown, param = 'metadata', reserved = 1): Result<Record<string, string>, AppError> {
  if (value === undefined) return ok({});
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(appError('validation_failed', `${param} must be an object of string values`, param));
  }
  const entries = Object.entries(value);
  if (entries.length > 50 - reserved) return err(appError('validation_failed', `${param} may have at most ${50 - reserved} keys`, param));
  for (const [k, v] of entries) {
    if (k.length === 0 || k.length > 40 || stringProblem(k) !== null) {
      return err(
        appError(
          'validation_failed',
          `${param} keys must be 1 to 40 characters, without NUL or lone surrogates`,
          stringProblem(k) === null ? `${param}.${k}` : param,
        ),
      );
    }
    if (k.startsWith('tollgate_')) return err(appError('validation_failed', `${param} keys starting with tollgate_ are reserved`, `${param}.${k}`));
    if (typeof v !== 'string' || v.length > 500 || stringProblem(v) !== null) {
      return err(appError('validation_failed', `${param}.${k} must be a string of at most 500 characters, without NUL or lone surrogates`, `${param}.${k}`));
    }
  }
  return ok(Object.fromEntries(entries) as Record<string, string>);
}

/** A time zone for calendar usage windows: `UTC` or an IANA name this runtime knows (`Europe/Paris`). */
export function checkTimeZone(value: unknown, param = 'timeZone'): Result<string, AppError> {
  if (typeof value !== 'string' || value.length > 100 || !isValidTimeZone(value)) {
    return err(appError('validation_failed', `${param} must be an IANA time zone name such as "Europe/Paris", or "UTC"`, param));
  }
  return ok(value);
}

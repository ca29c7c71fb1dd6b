import type { AppError } from './errors.ts';

/** Expected failures are values; broken infrastructure throws. */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/** Unwraps a Result at a boundary that wants exceptions (tests, scripts). */
export function unwrap<T, E extends { message: string }>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { error: result.error });
}

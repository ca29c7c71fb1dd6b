import { type AppError, appError } from '../lib/errors.ts';

/** Shared field checks for usage and entitlement inputs: each names its field. */
export function badCustomer(customer: unknown): AppError | null {
  if (typeof customer !== 'string' || customer.length === 0 || customer.length > 255) {
    return appError('validation_failed', 'customer must be a non-empty string of at most 255 characters.', 'customer');
  }
  return null;
}

export function badFeature(feature: unknown): AppError | null {
  if (typeof feature !== 'string' || feature.length === 0 || feature.length > 100) {
    return appError('validation_failed', 'feature must be a non-empty string.', 'feature');
  }
  return null;
}

/** A positive whole number of units (or zero when `allowZero`). */
export function badAmount(amount: unknown, param = 'amount', allowZero = false): AppError | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < (allowZero ? 0 : 1) || amount > 1_000_000_000) {
    return appError(
      'validation_failed',
      `${param} must be a whole number ${allowZero ? 'of at least 0' : 'of at least 1'} and at most 1,000,000,000.`,
      param,
    );
  }
  return null;
}

export function firstProblem(...problems: (AppError | null)[]): AppError | null {
  for (const p of problems) if (p) return p;
  return null;
}

import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';

const CUSTOMER = { max: INPUT_LIMITS.id };
const FEATURE = { max: INPUT_LIMITS.key };

/** Shared field checks for usage and entitlement inputs (the string rules of lib/input.ts): each names its field. */
export function badCustomer(customer: unknown): AppError | null {
  return checkText(customer, 'customer', CUSTOMER);
}

export function badFeature(feature: unknown): AppError | null {
  return checkText(feature, 'feature', FEATURE);
}

/** A positive whole number of units (or zero when `allowZero`). */
export function badAmount(amount: unknown, param = 'amount', allowZero = false): AppError | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < (allowZero ? 0 : 1) || amount > 1_000_000_000) {
    return appError('validation_failed', `${param} must be a whole number ${allowZero ? 'of at least 0' : 'of at least 1'} and at most 1,000,000,000.`, param);
  }
  return null;
}

export function firstProblem(...problems: (AppError | null)[]): AppError | null {
  for (const p of problems) if (p) return p;
  return null;
}

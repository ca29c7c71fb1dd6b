import { type AppError, appError } from '../../core/lib/errors.ts';
import type { UsageEvent } from './event.ts';

/** What a usage request asks to record, as its idempotency key's original is compared with it. */
export interface UsageBody {
  feature: string;
  amount: number;
  properties: Record<string, unknown> | null | undefined;
}

/** JSON values equal whatever their keys' order (jsonb reorders keys). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((item, i) => jsonEqual(item, list[i]));
  }
  const left = Object.keys(a);
  const right = b as Record<string, unknown>;
  if (left.length !== Object.keys(right).length) return false;
  return left.every((key) => Object.hasOwn(right, key) && jsonEqual((a as Record<string, unknown>)[key], right[key]));
}

/**
 * Whether a repeated key's original records the same usage (feature, amount,
 * properties). The timestamp is not compared: a retry may be stamped with
 * its own time, and the original's stands.
 */
export function sameUsage(original: UsageEvent, next: UsageBody): boolean {
  return original.feature === next.feature && original.amount === next.amount && jsonEqual(original.properties ?? null, next.properties ?? null);
}

/** 409 `idempotency_conflict`: the key already recorded other usage (as Stripe answers a key reused with another body). */
export function idempotencyConflict(original: UsageEvent, param = 'idempotencyKey'): AppError {
  return appError(
    'idempotency_conflict',
    `The idempotency key "${original.idempotencyKey}" was already used for other usage (${original.amount} ${original.feature}); a retry must send the same feature, amount and properties.`,
    param,
  );
}

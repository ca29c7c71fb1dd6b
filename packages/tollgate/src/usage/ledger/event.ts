import { appError, type AppError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS, jsonProblem } from '../../core/lib/input.ts';
import { badAmount, badCustomer, badFeature } from '../entitlements/validate-input.ts';

export { parseTimestamp } from '../../core/lib/input.ts';

/** One row of the usage ledger, as the library returns it. */
export interface UsageEvent {
  id: string;
  customer: string;
  feature: string;
  amount: number;
  idempotencyKey: string;
  /** When the usage happened (ISO). */
  timestamp: string;
  recordedAt: string;
  windowKey: string;
  properties: Record<string, unknown> | null;
  /** Set on a reversal: the id of the event it reverses. */
  reversesId: string | null;
  /** True when the idempotency key was seen before: this is the original record, nothing was written. */
  duplicate: boolean;
}

/** The ledger columns an `EventRow` holds, listed (no `*`: prepared statements outlive migrations). */
export const EVENT_COLUMNS = 'id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties, reverses_id';

export interface EventRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  feature: string;
  amount: string | number;
  idempotency_key: string;
  occurred_at: Date | string;
  recorded_at: Date | string;
  window_key: string;
  properties: Record<string, unknown> | string | null;
  reverses_id: string | null;
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function eventFromRow(row: EventRow, duplicate: boolean): UsageEvent {
  return {
    id: row.id,
    customer: row.customer_id,
    feature: row.feature,
    amount: Number(row.amount),
    idempotencyKey: row.idempotency_key,
    timestamp: iso(row.occurred_at),
    recordedAt: iso(row.recorded_at),
    windowKey: row.window_key,
    properties: typeof row.properties === 'string' ? (JSON.parse(row.properties) as Record<string, unknown>) : row.properties,
    reversesId: row.reverses_id,
    duplicate,
  };
}

export interface TrackInput {
  customer: string;
  feature: string;
  /** Units (default 1). */
  amount?: number;
  /**
   * Deduplicates retries: a repeated key returns the original record, whatever
   * its timestamp; the same key with another feature, amount or properties is
   * refused (`idempotency_conflict`).
   */
  idempotencyKey?: string;
  /** When the usage happened (default: now): ISO 8601 or epoch ms, at most 35 days ago and 5 minutes ahead (lib/input.ts). */
  timestamp?: Date | string | number;
  properties?: Record<string, unknown>;
}

const MAX_PROPERTIES_BYTES = 4096;
/** `properties` may nest this deep below itself. */
const MAX_PROPERTIES_DEPTH = 16;
const KEY = { max: INPUT_LIMITS.id };

export function badIdempotencyKey(key: unknown, param = 'idempotencyKey'): AppError | null {
  if (key === undefined) return null;
  return checkText(key, param, KEY);
}

function badProperties(value: unknown, param: string): AppError | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return appError('validation_failed', `${param} must be an object.`, param);
  }
  // Depth and strings first: JSON.stringify recurses, and Postgres refuses NUL in jsonb.
  const problem = jsonProblem(value, param, MAX_PROPERTIES_DEPTH);
  if (problem) return problem;
  if (JSON.stringify(value).length > MAX_PROPERTIES_BYTES) {
    return appError('validation_failed', `${param} must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON.`, param);
  }
  return null;
}

function named(problem: AppError | null, prefix: string): AppError | null {
  return problem && prefix ? { ...problem, param: `${prefix}${problem.param ?? ''}`, message: `${prefix}${problem.message}` } : problem;
}

/** Field checks of one tracked event; `prefix` names it inside a batch (`events[3].`). Runs once per tracked event: no allocation when valid. */
export function badTrackInput(input: TrackInput, prefix = ''): AppError | null {
  const problem =
    badCustomer(input.customer) ??
    badFeature(input.feature) ??
    badAmount(input.amount ?? 1) ??
    badIdempotencyKey(input.idempotencyKey) ??
    badProperties(input.properties, 'properties');
  return named(problem, prefix);
}

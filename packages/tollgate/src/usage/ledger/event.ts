import { z } from 'zod';
import { featureKey, idText, INPUT_LIMITS, jsonProblem, text, units } from '../../core/lib/input.ts';

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

const MAX_PROPERTIES_BYTES = 4096;
/** `properties` may nest this deep below itself. */
const MAX_PROPERTIES_DEPTH = 16;

/** The app's own data stored with an event: a JSON object of at most 4 KB, nested at most 16 deep below itself. */
export const usageProperties = () =>
  z.record(text(INPUT_LIMITS.key), z.unknown()).superRefine((value, ctx) => {
    // Depth and strings first: JSON.stringify recurses, and Postgres refuses NUL in jsonb.
    const problem = jsonProblem(value, '', MAX_PROPERTIES_DEPTH);
    if (problem) {
      const name = problem.param ?? 'body';
      const message = problem.message.startsWith(`${name} `) ? problem.message.slice(name.length + 1) : problem.message;
      ctx.addIssue({ code: 'custom', path: problem.param === undefined ? [] : problem.param.split('.'), message });
    } else if (JSON.stringify(value).length > MAX_PROPERTIES_BYTES) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_PROPERTIES_BYTES} bytes of JSON.` });
    }
  });

/** The key that makes a usage write safe to retry. */
export const usageIdempotencyKey = () => idText();

/** The input of a reversal (of a usage event or a credit debit): the customer and the key the reversed row was written with. */
export const reversalInput = (recordedWith: string) => z.object({ customer: idText(), idempotencyKey: usageIdempotencyKey().describe(recordedWith) });

/** The key of the reversal row of the row written with `key` (a usage event's or a credit debit's). */
export function reversalKey(key: string): string {
  return `reversal:${key}`;
}

/** The input of `track` (and of each event of `trackBatch`; `consume` takes the same but `timestamp`). */
/** When usage happened, as the HTTP API takes it: ISO 8601 with a zone, or epoch milliseconds (the range is checked against the clock). */
export const usageTimestamp = () => z.union([text(40), z.number().int()]);

export const trackInput = z.object({
  customer: idText(),
  feature: featureKey(),
  amount: units().optional().describe('Units (default 1)'),
  /**
   * Deduplicates retries: a repeated key returns the original record, whatever
   * its timestamp; the same key with another feature, amount or properties is
   * refused (`idempotency_conflict`).
   */
  idempotencyKey: usageIdempotencyKey()
    .optional()
    .describe(
      'Deduplicates retries: a repeat returns the original record; the key reused with another feature, amount or properties is 409 idempotency_conflict',
    ),
  /** When the usage happened (default: now): ISO 8601 or epoch ms, at most 35 days ago and 5 minutes ahead (lib/input.ts); a Date from the library. */
  timestamp: z.union([z.date(), usageTimestamp()]).optional(),
  properties: usageProperties().optional().describe('Your own data, stored with the event (at most 4 KB of JSON, nested at most 16 deep)'),
});
export type TrackInput = z.input<typeof trackInput>;

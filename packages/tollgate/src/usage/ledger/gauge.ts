import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Executor, queryRows } from '../../core/db/sql.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { decide, featurePlan } from '../entitlements/feature-plan.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { idText, INPUT_LIMITS, text, units } from '../../core/lib/input.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { usageIdempotencyKey } from './event.ts';

/** The input of `incrementGauge` and `decrementGauge` (`setGaugeInput` takes the value as `amount`). */
export const gaugeInput = z.object({
  customer: idText(),
  feature: text(INPUT_LIMITS.key).describe('A gauge feature key from the config, e.g. "agents"'),
  /** For set: the new value (>= 0). For increment/decrement: the step (default 1). */
  amount: units().optional().describe('Units (default 1)'),
  /**
   * Increment and decrement: a retry with the same key (per customer) is
   * applied once and answers the original move's value with `duplicate: true`.
   * A refused increment keeps nothing, so its key may be tried again.
   */
  idempotencyKey: usageIdempotencyKey().optional().describe('Makes a retry safe: the same key (per customer) moves the gauge once and answers that move again'),
  /** Overrides the mirror's subscription (tests, callers that already know it). Library only. */
  subscription: z.custom<SubscriptionState | null>().optional(),
});
export type GaugeInput = z.input<typeof gaugeInput>;

export interface GaugeValue {
  customer: string;
  feature: string;
  value: number;
  /** The plan's cap; null when unlimited. */
  limit: number | null;
  /** True when this answers a retried idempotency key (nothing moved this time). */
  duplicate: boolean;
}

/** A gauge operation's input parsed by its schema, and its feature a gauge of the config. */
export function parseGaugeInput<S extends z.ZodType<{ feature: string }>>(deps: Deps, schema: S, raw: unknown): Result<z.output<S>, AppError> {
  const input = parseInput(schema, raw);
  if (!input.ok) return input;
  const feature = input.value.feature;
  const def = deps.config.features[feature];
  if (!def) return err(appError('feature_not_found', `No feature "${feature}" in the config.`, 'feature'));
  if (def.type !== 'gauge') return err(appError('validation_failed', `"${feature}" is a ${def.type} feature, not a gauge.`, 'feature'));
  return input;
}

/** Moves a gauge by `delta` in one statement; an increase beyond `cap` changes nothing and returns no row. */
async function moveGaugeRow(db: Executor, input: GaugeInput, delta: number, cap: number | null, now: string): Promise<number | null> {
  const rows = await queryRows<{ value: string | number }>(
    db,
    sql`insert into usage_gauges as g (customer_id, feature, value, updated_at)
        select ${input.customer}, ${input.feature}, greatest(0, ${delta}::bigint), ${now}::timestamptz
        where ${cap}::bigint is null or ${delta}::bigint <= ${cap}::bigint
        on conflict (customer_id, feature) do update set value = greatest(0, g.value + ${delta}::bigint), updated_at = excluded.updated_at
        where ${delta}::bigint <= 0 or ${cap}::bigint is null or g.value + ${delta}::bigint <= ${cap}::bigint
        returning value`,
  );
  const row = rows[0];
  return row ? Number(row.value) : null;
}

/** Thrown inside the keyed move's transaction to roll its claim back when the cap refuses the move. */
class CapRefusal extends Error {}

export type GaugeMove = { kind: 'moved'; value: number; duplicate: boolean } | { kind: 'refused' } | { kind: 'error'; error: AppError };

/**
 * Moves a gauge by `delta`, never past `cap` when raising it. With an
 * idempotency key, the key is claimed (usage_gauge_moves) and the gauge moved
 * in one transaction: a retry waits for the first attempt, then finds its
 * claim and answers the value that move left; a refusal rolls the claim back.
 * A key reused for another feature or step is a conflict.
 */
export async function moveGauge(deps: Deps, input: GaugeInput, delta: number, cap: number | null): Promise<GaugeMove> {
  const key = input.idempotencyKey;
  const now = deps.clock.now().toISOString();
  if (key === undefined) {
    const value = await moveGaugeRow(deps.db, input, delta, cap, now);
    return value === null ? { kind: 'refused' } : { kind: 'moved', value, duplicate: false };
  }
  try {
    return await deps.db.transaction(async (tx): Promise<GaugeMove> => {
      const claimed = await queryRows(
        tx,
        sql`insert into usage_gauge_moves (customer_id, idempotency_key, feature, delta, value_after, created_at)
            values (${input.customer}, ${key}, ${input.feature}, ${delta}, 0, ${now}::timestamptz)
            on conflict (customer_id, idempotency_key) do nothing
            returning 1 as claimed`,
      );
      if (claimed.length === 0) {
        const [prior] = await queryRows<{ feature: string; delta: string | number; value_after: string | number }>(
          tx,
          sql`select feature, delta, value_after from usage_gauge_moves where customer_id = ${input.customer} and idempotency_key = ${key}`,
        );
        if (!prior) throw new Error(`usage: gauge move ${key} was neither claimed nor found`);
        if (prior.feature !== input.feature || Number(prior.delta) !== delta) {
          const message = `The idempotency key "${key}" was used for another move (${prior.feature}, ${Number(prior.delta) > 0 ? '+' : ''}${Number(prior.delta)}).`;
          return { kind: 'error', error: appError('idempotency_conflict', message, 'idempotencyKey') };
        }
        return { kind: 'moved', value: Number(prior.value_after), duplicate: true };
      }
      const value = await moveGaugeRow(tx, input, delta, cap, now);
      if (value === null) throw new CapRefusal();
      await queryRows(tx, sql`update usage_gauge_moves set value_after = ${value} where customer_id = ${input.customer} and idempotency_key = ${key}`);
      return { kind: 'moved', value, duplicate: false };
    });
  } catch (error) {
    if (error instanceof CapRefusal) return { kind: 'refused' };
    throw error;
  }
}

/** The gauge's cap for the customer's plan, or a refusal when the plan lacks the feature. */
export async function gaugeCap(deps: Deps, input: GaugeInput): Promise<Result<number | null, AppError>> {
  const context = await loadCustomerContext(deps.db, input.customer);
  if (input.subscription !== undefined) context.subscription = input.subscription;
  const fp = featurePlan(deps.config, input.feature, context, deps.clock.now());
  if (!fp.ok) return fp;
  const e = decide(fp.value, 0, 0, 0);
  if (!e.allowed) return err(appError(e.code ?? 'feature_not_in_plan', `"${input.feature}" is not in the ${e.plan ?? 'current'} plan.`, 'feature'));
  return ok(e.limit);
}

/** The cap for reporting, without refusing (0 when the plan lacks the feature). */
export async function gaugeLimitOrNull(deps: Deps, input: GaugeInput): Promise<number | null> {
  const cap = await gaugeCap(deps, input);
  return cap.ok ? cap.value : 0;
}

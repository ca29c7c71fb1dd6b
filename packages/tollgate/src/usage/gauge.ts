import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { decide, featurePlan } from '../entitlements/feature-plan.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import { badAmount, badCustomer, badFeature, firstProblem } from '../entitlements/validate-input.ts';
import type { Deps } from '../lib/deps.ts';
import { type AppError, appError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';

export interface GaugeInput {
  customer: string;
  feature: string;
  /** For set: the new value (>= 0). For increment/decrement: the step (default 1). */
  amount?: number;
  subscription?: SubscriptionState | null;
}

export interface GaugeValue {
  customer: string;
  feature: string;
  value: number;
  /** The plan's cap; null when unlimited. */
  limit: number | null;
}

/** Shared checks: the feature must be a gauge. */
export function badGaugeInput(deps: Deps, input: GaugeInput, allowZero: boolean): AppError | null {
  const problem = firstProblem(badCustomer(input.customer), badFeature(input.feature), badAmount(input.amount ?? 1, 'amount', allowZero));
  if (problem) return problem;
  const def = deps.config.features[input.feature];
  if (!def) return appError('feature_not_found', `No feature "${input.feature}" in the config.`, 'feature');
  if (def.type !== 'gauge') return appError('validation_failed', `"${input.feature}" is a ${def.type} feature, not a gauge.`, 'feature');
  return null;
}

/** Moves a gauge by `delta` in one statement; an increase beyond `cap` changes nothing and returns no row. */
export async function moveGauge(deps: Deps, input: GaugeInput, delta: number, cap: number | null): Promise<number | null> {
  const now = deps.clock.now().toISOString();
  const rows = await queryRows<{ value: string | number }>(
    deps.db,
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

import type { Deps } from '../lib/deps.ts';
import type { AppError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { CONTEXT_COLUMNS, CONTEXT_JOINS, type ContextRow, contextFromRow } from './customer-context.ts';
import { decide, type Entitlement, featurePlan } from './feature-plan.ts';
import { preparedRows } from './prepared-rows.ts';
import type { SubscriptionState } from './resolve-plan.ts';
import { badAmount, badCustomer, badFeature, firstProblem } from './validate-input.ts';

export interface CheckInput {
  customer: string;
  feature: string;
  /** Units the caller is about to use (default 1; 0 asks "is any left?"). */
  amount?: number;
  /** Overrides the mirror's subscription (tests, callers that already know it). */
  subscription?: SubscriptionState | null;
}

interface StateRow extends ContextRow {
  window_key: string | null;
  used: string | number | null;
  billable: string | number | null;
  gauge: string | number | null;
}

// One round trip: the mirror's context, the latest counter window and the gauge.
const CHECK_SQL = `select ${CONTEXT_COLUMNS}, u.window_key, u.used, u.billable, g.value as gauge
  from (select $1::text as ext) k
  ${CONTEXT_JOINS}
  left join lateral (
    select window_key, used, billable from usage_counters
    where customer_id = k.ext and feature = $2 and window_start <= $3::timestamptz
    order by window_start desc limit 1
  ) u on true
  left join usage_gauges g on g.customer_id = k.ext and g.feature = $2`;

/**
 * May `customer` use `amount` of `feature` now? Answers from the database in
 * one round trip (the mirror's subscription and time zone, the latest counter
 * window, the gauge), never from Stripe. Advisory: `consume` is the atomic
 * check-and-count. An unknown feature answers `feature_not_found`; malformed
 * input is an error naming the field.
 */
export async function check(deps: Deps, input: CheckInput): Promise<Result<Entitlement, AppError>> {
  const amount = input.amount ?? 1;
  const problem = firstProblem(badCustomer(input.customer), badFeature(input.feature), badAmount(amount, 'amount', true));
  if (problem) return err(problem);
  const now = deps.clock.now();
  if (!deps.config.features[input.feature]) {
    return ok({
      allowed: false,
      code: 'feature_not_found',
      feature: input.feature,
      type: null,
      plan: null,
      limit: null,
      used: 0,
      remaining: null,
      resetsAt: null,
      unlimited: false,
      overage: false,
      overageUsed: 0,
    });
  }
  const rows = await preparedRows<StateRow>(deps.db, 'tollgate_check', CHECK_SQL, [input.customer, input.feature, now.toISOString()]);
  const row = rows[0];
  const context = contextFromRow(row);
  if (input.subscription !== undefined) context.subscription = input.subscription;
  const fp = featurePlan(deps.config, input.feature, context, now);
  if (!fp.ok) return fp;
  let used = 0;
  let billable = 0;
  if (fp.value.definition.type === 'gauge') {
    used = Number(row?.gauge ?? 0);
  } else if (fp.value.window && row?.window_key === fp.value.window.key) {
    used = Number(row.used ?? 0);
    billable = Number(row.billable ?? 0);
  }
  return ok(decide(fp.value, used, billable, amount));
}

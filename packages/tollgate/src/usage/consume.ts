import { sql } from 'drizzle-orm';
import { queryRows } from '../db/rows.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { decide, type Entitlement, featurePlan } from '../entitlements/feature-plan.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../lib/deps.ts';
import { type AppError, appError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { badTrackInput, type EventRow, eventFromRow, type UsageEvent } from './event.ts';
import { ensureCounter } from './ensure-counter.ts';
import { counterTerms } from './write-events.ts';

export interface ConsumeInput {
  customer: string;
  feature: string;
  amount?: number;
  idempotencyKey?: string;
  properties?: Record<string, unknown>;
  /** Overrides the mirror's subscription (tests, callers that already know it). */
  subscription?: SubscriptionState | null;
}

export interface ConsumeResult extends Entitlement {
  event: UsageEvent;
}

interface ConsumeRow extends Record<string, unknown> {
  inserted: string | null;
  used_after: string | number | null;
  billable_after: string | number | null;
  used_before: string | number | null;
}

/**
 * Check and count in one atomic step. The window's counter row is locked
 * (`select ... for update`), the ledger row is inserted only if the amount
 * fits (or the limit is soft), and the counter moves in the same statement,
 * so N concurrent consumes against an allowance L succeed exactly min(N, L)
 * times, across any number of processes. A refusal is `limit_reached` with
 * the reset time; a repeated idempotency key returns the original event.
 */
export async function consume(deps: Deps, input: ConsumeInput): Promise<Result<ConsumeResult, AppError>> {
  const problem = badTrackInput(input);
  if (problem) return err(problem);
  const definition = deps.config.features[input.feature];
  if (!definition) return err(appError('feature_not_found', `No feature "${input.feature}" in the config.`, 'feature'));
  if (definition.type !== 'metered') {
    return err(appError('validation_failed', `"${input.feature}" is a ${definition.type} feature: only metered features are consumed.`, 'feature'));
  }
  const now = deps.clock.now();
  const context = await loadCustomerContext(deps.db, input.customer);
  if (input.subscription !== undefined) context.subscription = input.subscription;
  const planned = featurePlan(deps.config, input.feature, context, now);
  if (!planned.ok) return planned;
  const fp = planned.value;
  const window = fp.window;
  if (!window) throw new Error('usage: a metered feature has a window');
  const amount = input.amount ?? 1;
  const refusal = decide(fp, 0, 0, 0);
  if (!refusal.allowed) return err(appError(refusal.code ?? 'feature_not_in_plan', refusalMessage(refusal), 'feature', { plan: refusal.plan }));
  const { included, soft } = counterTerms(fp.grant);
  const limit = included !== null && !soft ? included : null;
  await ensureCounter(deps.db, input.customer, input.feature, window, now);
  const id = deps.ids.next('usg');
  const nowIso = now.toISOString();
  const inc = included ?? 0;
  const [row] = await queryRows<ConsumeRow>(
    deps.db,
    sql`with cur as materialized (
          select used from usage_counters
          where customer_id = ${input.customer} and feature = ${input.feature} and window_key = ${window.key}
          for update
        ), ins as (
          insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties)
          select ${id}, ${input.customer}, ${input.feature}, ${amount}::bigint, ${input.idempotencyKey ?? id}, ${nowIso}::timestamptz,
            ${nowIso}::timestamptz, ${window.key}, ${input.properties ? JSON.stringify(input.properties) : null}::jsonb
          from cur where ${limit}::bigint is null or cur.used + ${amount}::bigint <= ${limit}::bigint
          on conflict (customer_id, idempotency_key) do nothing
          returning id
        ), upd as (
          update usage_counters u set
            used = u.used + ${amount}::bigint,
            included = ${included}::bigint,
            soft = u.soft or ${soft}::boolean,
            billable = u.billable + case when ${soft}::boolean
              then greatest(0, u.used + ${amount}::bigint - ${inc}::bigint) - greatest(0, u.used - ${inc}::bigint) else 0 end,
            updated_at = ${nowIso}::timestamptz
          where u.customer_id = ${input.customer} and u.feature = ${input.feature} and u.window_key = ${window.key}
            and exists (select 1 from ins)
          returning u.used, u.billable
        )
        select (select id from ins) as inserted, (select used from upd) as used_after,
          (select billable from upd) as billable_after, (select used from cur) as used_before`,
  );
  if (row?.inserted) {
    const entitlement = decide(fp, Number(row.used_after), Number(row.billable_after), 0);
    const event: UsageEvent = {
      id,
      customer: input.customer,
      feature: input.feature,
      amount,
      idempotencyKey: input.idempotencyKey ?? id,
      timestamp: nowIso,
      recordedAt: nowIso,
      windowKey: window.key,
      properties: input.properties ?? null,
      reversesId: null,
      duplicate: false,
    };
    return ok({ ...entitlement, event });
  }
  const usedBefore = Number(row?.used_before ?? 0);
  if (input.idempotencyKey !== undefined) {
    const [original] = await queryRows<EventRow>(
      deps.db,
      sql`select * from usage_events where customer_id = ${input.customer} and idempotency_key = ${input.idempotencyKey}`,
    );
    if (original) return ok({ ...decide(fp, usedBefore, 0, 0), event: eventFromRow(original, true) });
  }
  const refused = decide(fp, usedBefore, 0, amount);
  return err(
    appError('limit_reached', refusalMessage(refused), 'amount', {
      plan: refused.plan,
      limit: refused.limit,
      used: refused.used,
      remaining: refused.remaining,
      resetsAt: refused.resetsAt,
    }),
  );
}

function refusalMessage(e: Entitlement): string {
  if (e.code === 'limit_reached') return `Limit of ${e.limit ?? 0} ${e.feature} reached; it resets at ${e.resetsAt ?? 'the next window'}.`;
  if (e.code === 'subscription_inactive') return `"${e.feature}" needs an active subscription.`;
  return `"${e.feature}" is not in the ${e.plan ?? 'current'} plan.`;
}

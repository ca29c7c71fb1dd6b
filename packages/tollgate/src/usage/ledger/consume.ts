import { z } from 'zod';
import { consumeCappedOverage, overageCapOf } from '../credits/consume-capped.ts';
import { consumeCredits } from '../credits/consume-debit.ts';
import { creditPriceOf } from '../credits/systems.ts';
import { crossedUsageAlert, fireUsageAlerts } from '../credits/usage-alerts.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { decide, type Entitlement, featurePlan, withEvent } from '../entitlements/feature-plan.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { submitConsume } from './consume-group.ts';
import { eventFromRow, trackInput, type UsageEvent } from './event.ts';
import { ensureCounter } from './ensure-counter.ts';
import { idempotencyConflict, sameUsage } from './idempotency.ts';
import { counterTerms } from './write-events.ts';

export const consumeInput = trackInput.omit({ timestamp: true }).extend({
  /** Overrides the mirror's subscription (tests, callers that already know it). Library only. */
  subscription: z.custom<SubscriptionState | null>().optional(),
});
export type ConsumeInput = z.input<typeof consumeInput>;

export interface ConsumeResult extends Entitlement {
  event: UsageEvent;
}

/**
 * Check and count in one atomic step. In one transaction the window's counter
 * row is locked (`select ... for update`), the ledger row is inserted only if
 * the amount fits (or the limit is soft) and the counter moves, so N
 * concurrent consumes against an allowance L succeed exactly min(N, L) times,
 * across any number of processes. Concurrent consumes of one counter in this
 * process share that transaction (group commit, see consume-group.ts). A refusal is `limit_reached` with
 * the reset time; a repeated idempotency key returns the original event, and
 * the key reused for other usage (feature, amount, properties) is 409
 * `idempotency_conflict`.
 */
export const consume = operation(consumeInput, async (deps: Deps, input): Promise<Result<ConsumeResult, AppError>> => {
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
  // Priced in credits: the balance is the limit (src/credits).
  const price = creditPriceOf(deps.config, input.feature);
  if (price)
    return consumeCredits(
      deps,
      { customer: input.customer, feature: input.feature, amount, idempotencyKey: input.idempotencyKey, properties: input.properties },
      fp,
      price,
    );
  const { included, soft } = counterTerms(fp.grant);
  if (soft) {
    // Overage under a spend cap (src/credits): the cap decides, across every capped feature of the period.
    const cap = await overageCapOf(deps.db, input.customer, fp.resolution.plan);
    if (cap !== null)
      return consumeCappedOverage(
        deps,
        { customer: input.customer, feature: input.feature, amount, idempotencyKey: input.idempotencyKey, properties: input.properties },
        fp,
        cap,
      );
  }
  const limit = included !== null && !soft ? included : null;
  await ensureCounter(deps.db, input.customer, input.feature, window, now);
  const id = deps.ids.next('usg');
  const nowIso = now.toISOString();
  const outcome = await submitConsume(deps.db, {
    id,
    customer: input.customer,
    feature: input.feature,
    amount,
    idempotencyKey: input.idempotencyKey ?? id,
    properties: input.properties ?? null,
    window,
    limit,
    included,
    soft,
    now,
  });
  if (outcome.kind === 'inserted') {
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
    if (crossedUsageAlert(deps.config.alerts?.usage, included, outcome.usedAfter - amount, outcome.usedAfter)) {
      await fireUsageAlerts(deps, { customer: input.customer, feature: input.feature, window: window.key, used: outcome.usedAfter, limit: included ?? 0 });
    }
    return ok(withEvent(decide(fp, outcome.usedAfter, outcome.billableAfter, 0), event));
  }
  if (outcome.kind === 'duplicate') {
    const original = eventFromRow(outcome.row, true);
    // The key recorded other usage: 409, as Stripe answers a key reused with another body.
    if (!sameUsage(original, { feature: input.feature, amount, properties: input.properties })) return err(idempotencyConflict(original));
    return ok(withEvent(decide(fp, outcome.used, outcome.billable, 0), original));
  }
  const refused = decide(fp, outcome.used, outcome.billable, amount);
  return err(
    appError('limit_reached', refusalMessage(refused), 'amount', {
      plan: refused.plan,
      limit: refused.limit,
      used: refused.used,
      remaining: refused.remaining,
      resetsAt: refused.resetsAt,
    }),
  );
});

function refusalMessage(e: Entitlement): string {
  if (e.code === 'limit_reached') return `Limit of ${e.limit ?? 0} ${e.feature} reached; it resets at ${e.resetsAt ?? 'the next window'}.`;
  if (e.code === 'subscription_inactive') return `"${e.feature}" needs an active subscription.`;
  return `"${e.feature}" is not in the ${e.plan ?? 'current'} plan.`;
}

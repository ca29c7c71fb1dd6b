import { type Entitlement, type FeaturePlan, withEvent } from '../entitlements/feature-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { UsageEvent } from '../ledger/event.ts';
import { idempotencyConflict, sameUsage } from '../ledger/idempotency.ts';
import { fireCreditAlerts, crossedCreditAlert } from './fire-alerts.ts';
import { type DebitOutcome, submitDebit } from './debit-group.ts';
import { creditEntitlement } from './entitlement.ts';
import { creditPeriod, ensureAccount } from './ensure-account.ts';
import { movementFromRow } from './ledger-row.ts';
import { fromMicros } from '../../core/lib/micros.ts';
import { requestTopUp } from './request-top-up.ts';
import { type CreditPrice, findSystem, planCapOf } from './systems.ts';

export interface DebitInput {
  customer: string;
  feature: string;
  amount: number;
  idempotencyKey?: string | undefined;
  properties?: Record<string, unknown> | undefined;
}

/**
 * `consume` of a feature priced in credits: debits `amount` x the feature's
 * cost from the balance, atomically (debit-group.ts), or refuses with
 * `insufficient_credits` (402, with the balance and the cost) or
 * `spend_cap_reached` (403). A repeated idempotency key answers the
 * original debit. A debit that crosses an alert threshold fires it; one that
 * crosses the customer's auto top-up threshold records the top-up, which the
 * credits worker charges (`runTopUps`).
 */
export async function consumeCredits(
  deps: Deps,
  input: DebitInput,
  fp: FeaturePlan,
  price: CreditPrice,
): Promise<Result<Entitlement & { event: UsageEvent }, AppError>> {
  const system = findSystem(deps.config, price.system);
  if (!system.ok) return system;
  const cost = price.cost * input.amount;
  if (!Number.isSafeInteger(cost) || cost > 1e15) return err(appError('validation_failed', 'amount costs more credits than one debit may take.', 'amount'));
  const now = deps.clock.now();
  const period = creditPeriod(fp.resolution, now);
  await ensureAccount(deps, input.customer, price.system, fp.resolution, period);
  const id = deps.ids.next('crl');
  const key = input.idempotencyKey ?? id;
  const outcome = await submitDebit(deps.db, {
    id,
    customer: input.customer,
    system: price.system,
    feature: input.feature,
    units: input.amount,
    cost,
    idempotencyKey: key,
    properties: input.properties ?? null,
    overdraft: system.value.overdraft,
    spendWindow: period.key,
    planCap: planCapOf(fp.resolution.plan, price.system),
    now,
  });
  if (outcome.kind === 'refused') {
    const answer = creditEntitlement(fp, price.system, outcome, cost, outcome.reason);
    const message =
      outcome.reason === 'insufficient_credits'
        ? `Not enough ${price.system}: ${input.amount} ${input.feature} cost ${fromMicros(cost)}, the balance is ${fromMicros(outcome.balance)}.`
        : `The spend cap of ${fromMicros(outcome.cap ?? 0)} ${price.system} for this billing period is reached (${fromMicros(outcome.spent)} spent).`;
    return err(appError(outcome.reason, message, 'amount', { plan: answer.plan, credits: answer.credits }));
  }
  if (outcome.kind === 'duplicate') {
    const original = eventOf(outcome, true, input, period.key, now);
    if (!sameUsage(original, { feature: input.feature, amount: input.amount, properties: input.properties })) return err(idempotencyConflict(original));
    return ok(withEvent(creditEntitlement(fp, price.system, outcome, cost), original));
  }
  if (outcome.topupSeq !== null) await requestTopUp(deps, { customer: input.customer, system: price.system, seq: outcome.topupSeq });
  if (crossedCreditAlert(deps.config, system.value, outcome.balanceBefore, outcome.balance, outcome.spent - cost, outcome.spent, outcome.cap)) {
    await fireCreditAlerts(deps, { customer: input.customer, system: price.system, spendWindow: period.key, cap: outcome.cap });
  }
  return ok(withEvent(creditEntitlement(fp, price.system, outcome, cost), eventOf(outcome, false, { ...input, idempotencyKey: key, id }, period.key, now)));
}

function eventOf(outcome: DebitOutcome, duplicate: boolean, input: DebitInput & { id?: string }, windowKey: string, now: Date): UsageEvent {
  if (outcome.kind === 'duplicate') {
    const m = movementFromRow(outcome.row);
    return {
      id: m.id,
      customer: m.customer,
      feature: m.feature ?? input.feature,
      amount: m.units ?? 0,
      idempotencyKey: m.idempotencyKey,
      timestamp: m.occurredAt,
      recordedAt: m.recordedAt,
      windowKey,
      properties: m.properties,
      reversesId: null,
      duplicate,
    };
  }
  const at = now.toISOString();
  return {
    id: input.id ?? '',
    customer: input.customer,
    feature: input.feature,
    amount: input.amount,
    idempotencyKey: input.idempotencyKey ?? input.id ?? '',
    timestamp: at,
    recordedAt: at,
    windowKey,
    properties: input.properties ?? null,
    reversesId: null,
    duplicate,
  };
}

import type { Entitlement, FeaturePlan, RefusalCode } from '../entitlements/feature-plan.ts';
import { fromMicros } from '../../core/lib/micros.ts';

/** The balance, spend and cap of a decision, in micro-credits. */
export interface CreditState {
  balance: number;
  spent: number;
  cap: number | null;
}

/**
 * The answer for a feature priced in credits: allowed while the balance (and
 * the spend cap) cover the cost; the allowance fields say nothing (no limit,
 * no window) and `credits` carries the standing.
 */
export function creditEntitlement(fp: FeaturePlan, system: string, state: CreditState, cost: number, code?: RefusalCode): Entitlement {
  const credits = {
    system,
    balance: fromMicros(state.balance),
    cost: fromMicros(cost),
    spent: fromMicros(state.spent),
    cap: state.cap === null ? null : fromMicros(state.cap),
  };
  const base = {
    allowed: code === undefined,
    feature: fp.feature,
    type: fp.definition.type,
    plan: fp.resolution.planKey,
    limit: null,
    used: 0,
    remaining: null,
    resetsAt: null,
    unlimited: false,
    overage: false,
    overageUsed: 0,
  };
  return code === undefined ? { ...base, credits } : { ...base, code, credits };
}

/** Why a debit of `cost` would be refused on `state`, or undefined when it fits. */
export function refusalOf(state: CreditState, cost: number, overdraft: number): RefusalCode | undefined {
  if (state.balance - cost < -overdraft) return 'insufficient_credits';
  if (state.cap !== null && state.spent + cost > state.cap) return 'spend_cap_reached';
  return undefined;
}

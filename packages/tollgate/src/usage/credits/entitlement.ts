import { type Entitlement, type FeaturePlan, type RefusalCode, uncounted } from '../entitlements/feature-plan.ts';
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
  // Set on the answer, not `{ ...answer, credits }`: a literal opening with a spread is many times slower to build in V8.
  const answer = uncounted(code === undefined, code, fp.feature, fp.definition.type, fp.resolution.planKey);
  answer.credits = credits;
  return answer;
}

/** Why a debit of `cost` would be refused on `state`, or undefined when it fits. */
export function refusalOf(state: CreditState, cost: number, overdraft: number): RefusalCode | undefined {
  if (state.balance - cost < -overdraft) return 'insufficient_credits';
  if (state.cap !== null && state.spent + cost > state.cap) return 'spend_cap_reached';
  return undefined;
}

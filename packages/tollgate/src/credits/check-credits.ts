import type { Entitlement, FeaturePlan } from '../entitlements/feature-plan.ts';
import type { Deps } from '../lib/deps.ts';
import { creditEntitlement, refusalOf } from './entitlement.ts';
import { creditPeriod, ensureAccount } from './ensure-account.ts';
import { readCreditState } from './read-state.ts';
import { type CreditPrice, findSystem, planCapOf } from './systems.ts';

/**
 * `check` of a feature priced in credits: would `amount` units fit the
 * balance (and the spend cap) now? Advisory, like every check: `consume` is
 * the atomic debit.
 */
export async function checkCredits(deps: Deps, fp: FeaturePlan, price: CreditPrice, customer: string, amount: number): Promise<Entitlement> {
  const now = deps.clock.now();
  const period = creditPeriod(fp.resolution, now);
  await ensureAccount(deps, customer, price.system, fp.resolution, period);
  const state = await readCreditState(deps.db, customer, price.system, now, period.key, planCapOf(fp.resolution.plan, price.system));
  const system = findSystem(deps.config, price.system);
  const cost = price.cost * amount;
  return creditEntitlement(fp, price.system, state, cost, refusalOf(state, cost, system.ok ? system.value.overdraft : 0));
}

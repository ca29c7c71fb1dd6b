import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { resolvePlan } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { idText } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { creditPeriod, ensureAccount } from './ensure-account.ts';
import type { CreditGrant } from './grant-row.ts';
import { listCreditGrants } from './list-grants.ts';
import { fromMicros } from '../../core/lib/micros.ts';
import { readCreditState } from './read-state.ts';
import { findSystem, optionalCreditSystem, planCapOf } from './systems.ts';

export const getCreditBalanceInput = z.object({ customer: idText(), system: optionalCreditSystem() });
export type GetCreditBalanceInput = z.input<typeof getCreditBalanceInput>;

export interface CreditBalance {
  customer: string;
  system: string;
  name: string | null;
  unit: string | null;
  /** Shown as money: one credit is one major unit of `currency`. */
  money: boolean;
  currency: string;
  /** Credits available now (below zero within an overdraft). */
  balance: number;
  overdraft: number;
  /** Credits burned in the billing period, and its cap (null: none). */
  spent: number;
  cap: number | null;
  period: { key: string; start: string; end: string };
  /** The plan whose credits apply. */
  plan: string | null;
  /** The live grants, in burn order. */
  grants: CreditGrant[];
  autoTopUp: { enabled: boolean; threshold: number; pack: string } | null;
}

/**
 * Where a customer's balance stands: available credits, the period's spend
 * and cap, the live grants in burn order and the auto top-up settings. The
 * plan's credits for the period are granted first if this is their first use.
 */
export const getCreditBalance = operation(getCreditBalanceInput, async (deps: Deps, input): Promise<Result<CreditBalance, AppError>> => {
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const key = system.value.key;
  const now = deps.clock.now();
  const context = await loadCustomerContext(deps.db, input.customer);
  const resolution = resolvePlan(deps.config, context.subscription, now);
  const period = creditPeriod(resolution, now);
  await ensureAccount(deps, input.customer, key, resolution, period);
  const state = await readCreditState(deps.db, input.customer, key, now, period.key, planCapOf(resolution.plan, key));
  const grants = await listCreditGrants(deps, { customer: input.customer, system: key });
  if (!grants.ok) return grants;
  const [topUp] = await queryRows<{ enabled: boolean; threshold: string | number; pack: string }>(
    deps.db,
    sql`select enabled, threshold, pack from credit_auto_topups where customer_id = ${input.customer} and system = ${key}`,
  );
  const def = system.value.definition;
  return ok({
    customer: input.customer,
    system: key,
    name: def.name ?? null,
    unit: def.unit ?? null,
    money: def.money === true,
    currency: deps.config.currency ?? 'usd',
    balance: fromMicros(state.balance),
    overdraft: fromMicros(system.value.overdraft),
    spent: fromMicros(state.spent),
    cap: state.cap === null ? null : fromMicros(state.cap),
    period: { key: period.key, start: period.start.toISOString(), end: period.end.toISOString() },
    plan: resolution.planKey,
    grants: grants.value,
    autoTopUp: topUp ? { enabled: topUp.enabled, threshold: fromMicros(topUp.threshold), pack: topUp.pack } : null,
  });
});

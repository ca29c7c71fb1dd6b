import { sql } from 'drizzle-orm';
import type { TollgateConfig } from '../../core/config/types.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AlertDraft, insertAlerts, percentOf } from './insert-alerts.ts';
import { fromMicros } from '../../core/lib/micros.ts';
import { findSystem, type ResolvedSystem } from './systems.ts';

/** True when a debit moved the balance below a low-balance threshold or the spend past a spend alert: worth evaluating. */
export function crossedCreditAlert(
  config: TollgateConfig,
  system: ResolvedSystem,
  balanceBefore: number,
  balanceAfter: number,
  spentBefore: number,
  spentAfter: number,
  cap: number | null,
): boolean {
  for (const n of system.lowBalance) if (balanceBefore >= n && balanceAfter < n) return true;
  if (cap === null) return false;
  for (const percent of config.alerts?.spend ?? []) {
    const at = percentOf(cap, percent);
    if (spentBefore < at && spentAfter >= at) return true;
  }
  return false;
}

export interface CreditAlertInput {
  customer: string;
  system: string;
  /** The billing period spend counts in. */
  spendWindow: string;
  /** The spend cap in force (micro-credits), null for none. */
  cap: number | null;
}

/**
 * Evaluates a balance's alerts as they stand now and fires those not yet
 * fired in their window: below each low-balance threshold (window: the
 * latest grant, so a refill re-arms them), and spend past each percent of the
 * cap (window: the billing period). Level, not edge: run it again (the
 * credits worker's sweep does) and it finds what a crash after a debit left
 * unfired, never firing twice.
 */
export async function fireCreditAlerts(deps: Deps, input: CreditAlertInput): Promise<string[]> {
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return [];
  const spendPercents = input.cap === null ? [] : (deps.config.alerts?.spend ?? []);
  if (system.value.lowBalance.length === 0 && spendPercents.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const [state] = await queryRows<{ available: string | number; spent: string | number | null; epoch: string | null }>(
    deps.db,
    sql`select
          coalesce((select sum(remaining) from credit_grants where customer_id = ${input.customer} and system = ${input.system}
            and remaining > 0 and (expires_at is null or expires_at > ${now}::timestamptz)), 0) - coalesce(b.debt, 0) as available,
          case when b.spent_window = ${input.spendWindow} then b.spent else 0 end as spent,
          (select max(id) from credit_grants where customer_id = ${input.customer} and system = ${input.system}) as epoch
        from (select 1) one left join credit_balances b on b.customer_id = ${input.customer} and b.system = ${input.system}`,
  );
  const available = Number(state?.available ?? 0);
  const spent = Number(state?.spent ?? 0);
  const drafts: AlertDraft[] = [];
  for (const threshold of system.value.lowBalance) {
    if (available >= threshold) continue;
    drafts.push({
      key: `balance:${input.system}:${threshold}`,
      window: state?.epoch ?? 'none',
      type: 'credits.low_balance',
      payload: { customer: input.customer, system: input.system, threshold: fromMicros(threshold), balance: fromMicros(available) },
    });
  }
  for (const percent of spendPercents) {
    const cap = input.cap ?? 0;
    if (spent < percentOf(cap, percent)) continue;
    drafts.push({
      key: `spend:${input.system}:${percent}`,
      window: input.spendWindow,
      type: 'spend.threshold_reached',
      payload: { customer: input.customer, scope: input.system, percent, spent: fromMicros(spent), cap: fromMicros(cap), window: input.spendWindow },
    });
  }
  return insertAlerts(deps, input.customer, drafts);
}

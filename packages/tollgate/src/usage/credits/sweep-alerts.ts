import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { resolvePlan } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { creditPeriod } from './ensure-account.ts';
import { fireCreditAlerts } from './fire-alerts.ts';
import { readCreditState } from './read-state.ts';
import { planCapOf } from './systems.ts';
import { fireUsageAlerts } from './usage-alerts.ts';

export interface SweepAlertsOptions {
  /** Look at counters and balances written since this instant (default: an hour before the clock's now). */
  since?: Date;
  /** Rows of each kind looked at per sweep (default 1,000). */
  limit?: number;
}

/**
 * Fires the alerts that hold but never fired: what `consume` evaluates
 * inline when it crosses a threshold, done again over the counters and
 * balances written recently, so usage recorded by `track` (which never
 * refuses and fires nothing inline) and a crash between a debit and its
 * alert still alert, once (alert_firings is the one record of what fired).
 */
export async function sweepAlerts(deps: Deps, options: SweepAlertsOptions = {}): Promise<number> {
  const now = deps.clock.now();
  const since = (options.since ?? new Date(now.getTime() - 3_600_000)).toISOString();
  const limit = options.limit ?? 1000;
  let fired = 0;
  if ((deps.config.alerts?.usage ?? []).length > 0) {
    const counters = await queryRows<{ customer_id: string; feature: string; window_key: string; used: string | number; included: string | number }>(
      deps.db,
      sql`select customer_id, feature, window_key, used, included from usage_counters
          where updated_at >= ${since}::timestamptz and window_end > ${now.toISOString()}::timestamptz and included > 0 and used > 0
          order by updated_at limit ${limit}`,
    );
    for (const c of counters) {
      fired += (
        await fireUsageAlerts(deps, { customer: c.customer_id, feature: c.feature, window: c.window_key, used: Number(c.used), limit: Number(c.included) })
      ).length;
    }
  }
  if (deps.config.credits === undefined) return fired;
  const balances = await queryRows<{ customer_id: string; system: string }>(
    deps.db,
    sql`select customer_id, system from credit_balances where updated_at >= ${since}::timestamptz order by updated_at limit ${limit}`,
  );
  for (const b of balances) {
    const context = await loadCustomerContext(deps.db, b.customer_id);
    const resolution = resolvePlan(deps.config, context.subscription, now);
    const period = creditPeriod(resolution, now);
    const state = await readCreditState(deps.db, b.customer_id, b.system, now, period.key, planCapOf(resolution.plan, b.system));
    fired += (await fireCreditAlerts(deps, { customer: b.customer_id, system: b.system, spendWindow: period.key, cap: state.cap })).length;
  }
  return fired;
}

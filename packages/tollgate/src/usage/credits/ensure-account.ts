import { sql } from 'drizzle-orm';
import type { PlanResolution } from '../entitlements/resolve-plan.ts';
import { type UsageWindow, windowFor } from '../entitlements/windows.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { ensurePeriodGrants } from './period-grants.ts';
import { planGrantOf } from './systems.ts';

// Accounts and period grants once made stay made: a process remembers which it has seen.
const known = new WeakMap<object, Set<string>>();
const MAX_KNOWN = 100_000;

/** The billing period credits count in: the subscription's period, or the calendar month (UTC) without one. */
export function creditPeriod(resolution: PlanResolution, at: Date): UsageWindow {
  return windowFor('billing_period', at, 'UTC', resolution.period);
}

/**
 * Makes sure the customer's balance row exists (so a debit can lock it) and
 * that the plan's credits for the current period were granted. The work is
 * skipped when this process has already seen this customer, system, plan
 * and period: on the hot path this is one Set lookup. True when it did the
 * work (the balance may have changed).
 */
export async function ensureAccount(deps: Deps, customer: string, system: string, resolution: PlanResolution, period: UsageWindow): Promise<boolean> {
  let seen = known.get(deps.db);
  if (!seen) {
    seen = new Set();
    known.set(deps.db, seen);
  }
  const key = `${customer}\u0000${system}\u0000${resolution.planKey}\u0000${period.key}`;
  if (seen.has(key)) return false;
  const grant = resolution.planKey ? planGrantOf(resolution.plan, system) : null;
  if (grant && resolution.planKey) {
    await ensurePeriodGrants(deps, { customer, system, planKey: resolution.planKey, grant, period });
  } else {
    const now = deps.clock.now().toISOString();
    await deps.db.execute(sql`
      insert into credit_balances (customer_id, system, created_at, updated_at) values (${customer}, ${system}, ${now}::timestamptz, ${now}::timestamptz)
      on conflict (customer_id, system) do nothing`);
  }
  if (seen.size >= MAX_KNOWN) seen.clear();
  seen.add(key);
  return true;
}

import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { UsageWindow } from '../entitlements/windows.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { insertGrant } from './insert-grant.ts';
import { lockBalance } from './lock-balance.ts';
import { inTransaction } from './tx.ts';

export interface PeriodGrantInput {
  customer: string;
  system: string;
  planKey: string;
  /** The plan's grant in micro-credits (systems.ts `planGrantOf`). */
  grant: { amount: number; rolloverMax: number | null; priority: number };
  /** The billing period (the calendar month without a subscription). */
  period: UsageWindow;
}

export function includedKey(system: string, planKey: string, periodKey: string): string {
  return `included:${system}:${planKey}:${periodKey}`;
}

export function rolloverKey(system: string, periodKey: string): string {
  return `rollover:${system}:${periodKey}`;
}

/**
 * The plan's credits for one period, made once (their keys are unique): the
 * included grant, expiring at the period's end, and, with `rollover: { max }`,
 * a rollover grant carrying what the plan credits that ended at this
 * period's start still held, at most `max`. Made at the first use or read in
 * the period, or by the expiry sweep at the boundary (so unused credit is
 * carried even for a customer who did nothing). An upgrade mid-period adds
 * the new plan's grant; the rollover is made once per period.
 */
export async function ensurePeriodGrants(deps: Deps, input: PeriodGrantInput): Promise<void> {
  const { customer, system, planKey, grant, period } = input;
  await inTransaction(deps, async (tx) => {
    await lockBalance(tx, customer, system);
    const keys = [includedKey(system, planKey, period.key), rolloverKey(system, period.key)];
    const present = await queryRows<{ idempotency_key: string }>(
      tx.db,
      sql`select idempotency_key from credit_grants where customer_id = ${customer} and idempotency_key in (${keys[0]}, ${keys[1]})`,
    );
    const have = new Set(present.map((r) => r.idempotency_key));
    if (grant.rolloverMax !== null && grant.rolloverMax > 0 && !have.has(keys[1]!)) {
      const [left] = await queryRows<{ left: string | number | null }>(
        tx.db,
        sql`select sum(remaining) as left from credit_grants
            where customer_id = ${customer} and system = ${system} and kind in ('included', 'rollover')
              and expires_at = ${period.start.toISOString()}::timestamptz`,
      );
      const carried = Math.min(Number(left?.left ?? 0), grant.rolloverMax);
      if (carried > 0) {
        await insertGrant(tx, {
          customer,
          system,
          kind: 'rollover',
          priority: grant.priority,
          amount: carried,
          effectiveAt: period.start,
          expiresAt: period.end,
          idempotencyKey: keys[1]!,
          source: `plan:${planKey}`,
        });
      }
    }
    if (!have.has(keys[0]!) && grant.amount > 0) {
      await insertGrant(tx, {
        customer,
        system,
        kind: 'included',
        priority: grant.priority,
        amount: grant.amount,
        effectiveAt: period.start,
        expiresAt: period.end,
        idempotencyKey: keys[0]!,
        source: `plan:${planKey}`,
      });
    }
  });
}

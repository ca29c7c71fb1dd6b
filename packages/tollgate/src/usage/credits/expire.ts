import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { loadCustomerContext } from '../entitlements/customer-context.ts';
import { resolvePlan } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { creditPeriod } from './ensure-account.ts';
import { availableMicros, lockBalance } from './lock-balance.ts';
import { ensurePeriodGrants } from './period-grants.ts';
import { planGrantOf } from './systems.ts';
import { inTransaction } from './tx.ts';

interface DueGrant extends Record<string, unknown> {
  id: string;
  customer_id: string;
  system: string;
  kind: string;
  amount: string | number;
  remaining: string | number;
  paid_amount: string | number | null;
  expires_at: Date | string;
}

export interface ExpireResult {
  /** Grants whose expiry was written to the ledger. */
  expired: number;
  /** Of which paid credit lost, minor units. */
  breakage: number;
}

/** The value of `remaining` of a paid grant (paid pro rata, rounded half up; exact integers). */
export function valueOf(paidAmount: number, remaining: number, amount: number): number {
  if (amount <= 0) return 0;
  return Number((BigInt(paidAmount) * BigInt(remaining) * 2n + BigInt(amount)) / (2n * BigInt(amount)));
}

/**
 * Writes the expiry of every grant whose `expires_at` has passed (by the
 * injected clock) to the ledger: an `expiry` row of what it still held (its
 * value as `breakage` for paid credit), the grant marked expired. A grant
 * stops counting at its instant whether or not this ran (debits and reads
 * compare `expires_at` with the clock); this records it. Before plan credits
 * expire, the next period's plan credits are granted, carrying what the
 * plan's `rollover` allows, so unused credit rolls over even for a customer
 * who did nothing at the boundary. Idempotent: each expiry has its own key.
 */
export async function expireCredits(deps: Deps, options: { batch?: number } = {}): Promise<ExpireResult> {
  const result: ExpireResult = { expired: 0, breakage: 0 };
  for (;;) {
    const now = deps.clock.now();
    const due = await queryRows<DueGrant>(
      deps.db,
      sql`select id, customer_id, system, kind, amount, remaining, paid_amount, expires_at from credit_grants
          where expired_at is null and expires_at <= ${now.toISOString()}::timestamptz
          order by expires_at, id limit ${options.batch ?? 100}`,
    );
    if (due.length === 0) return result;
    for (const grant of due) {
      const expiresAt = grant.expires_at instanceof Date ? grant.expires_at : new Date(grant.expires_at);
      if (grant.kind === 'included' || grant.kind === 'rollover') await rollOver(deps, grant.customer_id, grant.system, expiresAt);
      const breakage = await inTransaction(deps, async (tx) => {
        await lockBalance(tx, grant.customer_id, grant.system);
        const [fresh] = await queryRows<{ remaining: string | number; expired_at: Date | string | null }>(
          tx.db,
          sql`select remaining, expired_at from credit_grants where id = ${grant.id}`,
        );
        if (!fresh || fresh.expired_at !== null) return 0;
        const remaining = Number(fresh.remaining);
        const value = grant.paid_amount === null ? null : valueOf(Number(grant.paid_amount), remaining, Number(grant.amount));
        await tx.db.execute(sql`update credit_grants set expired_at = ${now.toISOString()}::timestamptz where id = ${grant.id}`);
        // A grant used up expires silently; one still holding credit writes what was lost.
        if (remaining === 0) return 0;
        const after = await availableMicros(tx, grant.customer_id, grant.system, now);
        await tx.db.execute(sql`
          insert into credit_ledger (id, customer_id, system, kind, amount, idempotency_key, grant_id, balance_after, breakage, occurred_at, recorded_at)
          values (${tx.ids.next('crl')}, ${grant.customer_id}, ${grant.system}, 'expiry', ${-remaining}, ${`expiry:${grant.id}`}, ${grant.id}, ${after},
            ${value}, ${expiresAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          on conflict do nothing`);
        return value ?? 0;
      });
      result.expired += 1;
      result.breakage += breakage;
    }
  }
}

/** Grants the plan credits of the period starting where `endedAt` ended one, when the customer's plan rolls credits over. */
async function rollOver(deps: Deps, customer: string, system: string, endedAt: Date): Promise<void> {
  const context = await loadCustomerContext(deps.db, customer);
  const resolution = resolvePlan(deps.config, context.subscription, deps.clock.now());
  const grant = planGrantOf(resolution.plan, system);
  if (!grant || grant.rolloverMax === null || !resolution.planKey) return;
  const period = creditPeriod(resolution, endedAt);
  if (period.start.getTime() !== endedAt.getTime()) return;
  await ensurePeriodGrants(deps, { customer, system, planKey: resolution.planKey, grant, period });
}

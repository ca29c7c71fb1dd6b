import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface LockedBalance {
  debt: number;
  spent: number;
  spentWindow: string;
  topupSeq: number;
}

/**
 * Makes sure the customer's balance row exists and locks it for the rest of
 * `tx` (the lock every debit takes), so a grant, a reversal or an expiry is
 * serialised with the debits of that balance, on every node.
 */
export async function lockBalance(tx: Deps, customer: string, system: string): Promise<LockedBalance> {
  const now = tx.clock.now().toISOString();
  await tx.db.execute(sql`
    insert into credit_balances (customer_id, system, created_at, updated_at) values (${customer}, ${system}, ${now}::timestamptz, ${now}::timestamptz)
    on conflict (customer_id, system) do nothing`);
  const [row] = await queryRows<{ debt: string | number; spent: string | number; spent_window: string; topup_seq: string | number }>(
    tx.db,
    sql`select debt, spent, spent_window, topup_seq from credit_balances where customer_id = ${customer} and system = ${system} for update`,
  );
  if (!row) throw new Error(`credits: balance row ${customer}/${system} missing after insert`);
  return { debt: Number(row.debt), spent: Number(row.spent), spentWindow: row.spent_window, topupSeq: Number(row.topup_seq) };
}

/** Micro-credits available now: the unexpired grants' remaining less the debt (inside the lock's transaction for an exact answer). */
export async function availableMicros(tx: Deps, customer: string, system: string, at: Date): Promise<number> {
  const [row] = await queryRows<{ available: string | number | null }>(
    tx.db,
    sql`select coalesce((select sum(remaining) from credit_grants where customer_id = ${customer} and system = ${system}
          and remaining > 0 and (expires_at is null or expires_at > ${at.toISOString()}::timestamptz)), 0)
        - coalesce((select debt from credit_balances where customer_id = ${customer} and system = ${system}), 0) as available`,
  );
  return Number(row?.available ?? 0);
}

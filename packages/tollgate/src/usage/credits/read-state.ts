import type { Db } from '../../core/db/connect.ts';
import { statement } from '../../core/db/sql.ts';
import type { CreditState } from './entitlement.ts';

// $1 customer, $2 system, $3 now, $4 spend window, $5 the plan's default cap.
const STATE_SQL = `select
    coalesce((select sum(remaining) from credit_grants where customer_id = $1 and system = $2
      and remaining > 0 and (expires_at is null or expires_at > $3::timestamptz)), 0) - coalesce(b.debt, 0) as available,
    case when b.spent_window = $4 then b.spent else 0 end as spent,
    (select case when s.customer_id is null then $5::bigint else s.cap end
      from (select 1) one left join spend_caps s on s.customer_id = $1 and s.scope = $2) as cap
  from (select 1) one left join credit_balances b on b.customer_id = $1 and b.system = $2`;
const STATE = statement<
  { available: string | number; spent: string | number | null; cap: string | number | null },
  [customer: string, system: string, at: string, spendWindow: string, planCap: number | null]
>('tollgate_credit_state', STATE_SQL);

/** A balance as it stands at `at` (micro-credits), in one prepared read: what `check` and the balance reads answer from. */
export async function readCreditState(db: Db, customer: string, system: string, at: Date, spendWindow: string, planCap: number | null): Promise<CreditState> {
  const [row] = await STATE.rows(db, [customer, system, at.toISOString(), spendWindow, planCap]);
  return { balance: Number(row?.available ?? 0), spent: Number(row?.spent ?? 0), cap: row?.cap == null ? null : Number(row.cap) };
}

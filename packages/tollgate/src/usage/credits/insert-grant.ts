import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { availableMicros, lockBalance } from './lock-balance.ts';
import { type GrantRow } from './grant-row.ts';
import { GRANT_COLUMNS } from './grant-columns.ts';
import type { GrantKind } from './systems.ts';

/** A grant as the engine writes it (micro-credits). */
export interface GrantSpec {
  customer: string;
  system: string;
  kind: GrantKind;
  priority: number;
  amount: number;
  effectiveAt: Date;
  expiresAt: Date | null;
  idempotencyKey: string;
  paidAmount?: number | null;
  currency?: string | null;
  source?: string | null;
  metadata?: Record<string, string> | null;
}

/**
 * Writes a grant and its ledger row, in `tx` (a transaction). The balance row
 * is locked first, so the grant is serialised with the debits; a debt (an
 * overdraft) is paid off from the new credits before they count. A grant
 * whose key the customer already used is answered as it was: nothing is
 * written twice, whatever the retries (webhooks, crashes, races).
 */
export async function insertGrant(tx: Deps, spec: GrantSpec): Promise<{ grant: GrantRow; created: boolean }> {
  const balance = await lockBalance(tx, spec.customer, spec.system);
  const [existing] = await queryRows<GrantRow>(
    tx.db,
    sql`select ${GRANT_COLUMNS} from credit_grants where customer_id = ${spec.customer} and idempotency_key = ${spec.idempotencyKey}`,
  );
  if (existing) return { grant: existing, created: false };
  const now = tx.clock.now();
  const id = tx.ids.next('crg');
  const payoff = Math.min(balance.debt, spec.amount);
  const [grant] = await queryRows<GrantRow>(
    tx.db,
    sql`insert into credit_grants (id, customer_id, system, kind, priority, amount, remaining, effective_at, expires_at, idempotency_key,
          paid_amount, currency, source, metadata, created_at)
        values (${id}, ${spec.customer}, ${spec.system}, ${spec.kind}, ${spec.priority}, ${spec.amount}, ${spec.amount - payoff},
          ${spec.effectiveAt.toISOString()}::timestamptz, ${spec.expiresAt?.toISOString() ?? null}::timestamptz, ${spec.idempotencyKey},
          ${spec.paidAmount ?? null}, ${spec.currency ?? null}, ${spec.source ?? null}, ${spec.metadata ? JSON.stringify(spec.metadata) : null}::jsonb,
          ${now.toISOString()}::timestamptz)
        returning ${GRANT_COLUMNS}`,
  );
  if (!grant) throw new Error('credits: grant insert returned nothing');
  if (payoff > 0) {
    await tx.db.execute(sql`update credit_balances set debt = debt - ${payoff}, updated_at = ${now.toISOString()}::timestamptz
      where customer_id = ${spec.customer} and system = ${spec.system}`);
  }
  const after = await availableMicros(tx, spec.customer, spec.system, now);
  await tx.db.execute(sql`
    insert into credit_ledger (id, customer_id, system, kind, amount, idempotency_key, grant_id, balance_after, occurred_at, recorded_at)
    values (${tx.ids.next('crl')}, ${spec.customer}, ${spec.system}, 'grant', ${spec.amount}, ${`grant:${id}`}, ${id}, ${after},
      ${spec.effectiveAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)`);
  return { grant, created: true };
}

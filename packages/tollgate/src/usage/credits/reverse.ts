import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { reversalInput, reversalKey } from '../ledger/event.ts';
import { insertGrant } from './insert-grant.ts';
import { LEDGER_COLUMNS, type LedgerRow, type CreditMovement, movementFromRow } from './ledger-row.ts';
import { availableMicros, lockBalance } from './lock-balance.ts';
import { DEFAULT_PRIORITY } from './systems.ts';
import { inTransaction } from './tx.ts';

/** The customer and the idempotency key the debit was consumed with. */
export const reverseCreditsInput = reversalInput('The key the consume was made with');
export type ReverseCreditsInput = z.input<typeof reverseCreditsInput>;

/**
 * Takes back a debit: its credits go back to the grants they came from (a
 * grant expired since keeps them as lost), the overdraft it ran up is
 * forgiven, its spend leaves the period it counted in, and a `reversal` row
 * is appended, all in one transaction with the balance locked. Reversing
 * twice answers the first reversal (`duplicate`).
 */
export const reverseCredits = operation(reverseCreditsInput, async (deps: Deps, input): Promise<Result<CreditMovement & { duplicate: boolean }, AppError>> => {
  return inTransaction(deps, async (tx) => {
    const [debit] = await queryRows<LedgerRow>(
      tx.db,
      sql`select ${sql.raw(LEDGER_COLUMNS)} from credit_ledger where customer_id = ${input.customer} and idempotency_key = ${input.idempotencyKey} and kind = 'debit'`,
    );
    if (!debit) return err(appError('not_found', `No credit debit with idempotency key "${input.idempotencyKey}" for this customer.`, 'idempotencyKey'));
    const balance = await lockBalance(tx, input.customer, debit.system);
    const rkey = reversalKey(input.idempotencyKey);
    const [done] = await queryRows<LedgerRow>(
      tx.db,
      sql`select ${sql.raw(LEDGER_COLUMNS)} from credit_ledger where customer_id = ${input.customer} and idempotency_key = ${rkey}`,
    );
    if (done) return ok({ ...movementFromRow(done), duplicate: true });
    const now = tx.clock.now();
    const cost = -Number(debit.amount);
    const allocations = (typeof debit.allocations === 'string' ? (JSON.parse(debit.allocations) as [string, number][]) : (debit.allocations ?? [])).map(
      ([grant, micros]): [string, number] => [grant, Number(micros)],
    );
    for (const [grant, micros] of allocations) {
      await tx.db.execute(sql`update credit_grants set remaining = remaining + ${micros} where id = ${grant}`);
    }
    // What went beyond the grants was debt: forgiven; what a later grant already paid off comes back as a grant.
    const owed = cost - allocations.reduce((sum, [, micros]) => sum + micros, 0);
    const forgiven = Math.min(owed, balance.debt);
    const repaid = owed - forgiven;
    await tx.db.execute(sql`
      update credit_balances set debt = debt - ${forgiven},
        spent = case when spent_window = ${debit.window_key} then greatest(0, spent - ${cost}) else spent end,
        updated_at = ${now.toISOString()}::timestamptz
      where customer_id = ${input.customer} and system = ${debit.system}`);
    if (repaid > 0) {
      await insertGrant(tx, {
        customer: input.customer,
        system: debit.system,
        kind: 'promotional',
        priority: DEFAULT_PRIORITY.promotional,
        amount: repaid,
        effectiveAt: now,
        expiresAt: null,
        idempotencyKey: `${rkey}:repaid`,
        source: 'reversal',
      });
    }
    const after = await availableMicros(tx, input.customer, debit.system, now);
    const [row] = await queryRows<LedgerRow>(
      tx.db,
      sql`insert into credit_ledger (id, customer_id, system, kind, amount, idempotency_key, feature, units, window_key, allocations, balance_after,
            reverses_id, occurred_at, recorded_at)
          values (${tx.ids.next('crl')}, ${input.customer}, ${debit.system}, 'reversal', ${cost - repaid}, ${rkey}, ${debit.feature}, ${debit.units},
            ${debit.window_key}, ${JSON.stringify(allocations)}::jsonb, ${after}, ${debit.id}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
          returning ${sql.raw(LEDGER_COLUMNS)}`,
    );
    if (!row) throw new Error('credits: reversal insert returned nothing');
    return ok({ ...movementFromRow(row), duplicate: false });
  });
});

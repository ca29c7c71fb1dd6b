import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { badCustomer } from '../entitlements/validate-input.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type CreditMovement, LEDGER_COLUMNS, type LedgerRow, movementFromRow } from './ledger-row.ts';
import { findSystem } from './systems.ts';

export interface CreditHistoryInput {
  customer: string;
  /** Only this credit system (default: all). */
  system?: string;
  /** Movements per page, 1 to 100 (default 20). */
  limit?: number;
  /** The page after this movement id (the last one of the previous page). */
  startingAfter?: string;
}

export interface CreditHistory {
  data: CreditMovement[];
  hasMore: boolean;
}

/** A customer's credit movements, newest first: grants, debits, reversals and expiries, from the append-only ledger. */
export async function listCreditHistory(deps: Deps, input: CreditHistoryInput): Promise<Result<CreditHistory, AppError>> {
  const limit = input.limit ?? 20;
  const problem =
    badCustomer(input.customer) ??
    (input.startingAfter === undefined ? null : checkText(input.startingAfter, 'startingAfter', { max: INPUT_LIMITS.id })) ??
    (!Number.isInteger(limit) || limit < 1 || limit > 100 ? appError('validation_failed', 'limit must be a whole number from 1 to 100.', 'limit') : null);
  if (problem) return err(problem);
  let system: string | null = null;
  if (input.system !== undefined) {
    const found = findSystem(deps.config, input.system);
    if (!found.ok) return found;
    system = found.value.key;
  }
  const rows = await queryRows<LedgerRow>(
    deps.db,
    sql`select ${sql.raw(LEDGER_COLUMNS)} from credit_ledger
        where customer_id = ${input.customer}
          and (${system}::text is null or system = ${system})
          and (${input.startingAfter ?? null}::text is null or id < ${input.startingAfter ?? null})
        order by id desc
        limit ${limit + 1}`,
  );
  return ok({ data: rows.slice(0, limit).map(movementFromRow), hasMore: rows.length > limit });
}

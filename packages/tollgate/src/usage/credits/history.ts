import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { idText } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { type CreditMovement, LEDGER_COLUMNS, type LedgerRow, movementFromRow } from './ledger-row.ts';
import { findSystem, optionalCreditSystem } from './systems.ts';

export const creditHistoryInput = z.object({
  customer: idText(),
  /** Only this credit system (default: all). */
  system: optionalCreditSystem(),
  /** Movements per page, 1 to 100 (default 20). */
  limit: z.number().int().min(1).max(100).optional(),
  /** The page after this movement id (the last one of the previous page). */
  startingAfter: idText().optional(),
});
export type CreditHistoryInput = z.input<typeof creditHistoryInput>;

export interface CreditHistory {
  data: CreditMovement[];
  hasMore: boolean;
}

/** A customer's credit movements, newest first: grants, debits, reversals and expiries, from the append-only ledger. */
export const listCreditHistory = operation(creditHistoryInput, async (deps: Deps, input): Promise<Result<CreditHistory, AppError>> => {
  const limit = input.limit ?? 20;
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
});

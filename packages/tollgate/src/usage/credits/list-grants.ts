import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { idText } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { type CreditGrant, type GrantRow, grantFromRow } from './grant-row.ts';
import { GRANT_COLUMNS } from './grant-columns.ts';
import { findSystem, optionalCreditSystem } from './systems.ts';

export const listCreditGrantsInput = z.object({
  customer: idText(),
  system: optionalCreditSystem(),
  /** Also the spent and expired grants, newest first after the live ones (default false). */
  all: z.boolean().optional(),
});
export type ListCreditGrantsInput = z.input<typeof listCreditGrantsInput>;

/** A customer's grants of one credit system: the live ones in burn order (priority, soonest expiry, oldest). */
export const listCreditGrants = operation(listCreditGrantsInput, async (deps: Deps, input): Promise<Result<CreditGrant[], AppError>> => {
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const now = deps.clock.now();
  const at = now.toISOString();
  const rows = await queryRows<GrantRow>(
    deps.db,
    sql`select ${GRANT_COLUMNS} from credit_grants
        where customer_id = ${input.customer} and system = ${system.value.key}
          and (${input.all === true} or (remaining > 0 and (expires_at is null or expires_at > ${at}::timestamptz)))
        order by (remaining > 0 and (expires_at is null or expires_at > ${at}::timestamptz)) desc,
          priority, expires_at nulls last, effective_at, id
        limit 500`,
  );
  return ok(rows.map((row) => grantFromRow(row, now)));
});

import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { badCustomer } from '../entitlements/validate-input.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type CreditGrant, type GrantRow, grantFromRow } from './grant-row.ts';
import { GRANT_COLUMNS } from './grant-columns.ts';
import { findSystem } from './systems.ts';

export interface ListCreditGrantsInput {
  customer: string;
  system?: string;
  /** Also the spent and expired grants, newest first after the live ones (default false). */
  all?: boolean;
}

/** A customer's grants of one credit system: the live ones in burn order (priority, soonest expiry, oldest). */
export async function listCreditGrants(deps: Deps, input: ListCreditGrantsInput): Promise<Result<CreditGrant[], AppError>> {
  const problem = badCustomer(input.customer);
  if (problem) return err(problem);
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
}

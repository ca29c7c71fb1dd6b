import { eq } from 'drizzle-orm';
import { customers } from '../../core/db/schema/customers.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export type CustomerRecord = typeof customers.$inferSelect;

/** The mirrored customer for the app's id; `customer_not_found` when there is none. */
export async function findCustomer(deps: Deps, externalId: unknown): Promise<Result<CustomerRecord>> {
  if (typeof externalId !== 'string' || externalId.trim() === '')
    return err(appError('validation_failed', 'externalId must be a non-empty string', 'externalId'));
  const [row] = await deps.db.select().from(customers).where(eq(customers.externalId, externalId));
  if (!row) return err(appError('customer_not_found', `no customer with external id "${externalId}"`, 'externalId'));
  return ok(row);
}

import { eq } from 'drizzle-orm';
import { customers } from '../../core/db/schema/customers.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { CustomerRow } from '../../core/db/row-types.ts';

export type { CustomerRow };

/** A customer known to Stripe, found by the app's id. */
export type BillingCustomer = CustomerRow & { stripeCustomerId: string };

/** The app's customer with a Stripe customer, or `customer_not_found` naming `param`. */
export async function findCustomer(deps: Pick<Deps, 'db'>, externalId: string, param = 'customer'): Promise<Result<BillingCustomer, AppError>> {
  const [row] = await deps.db.select().from(customers).where(eq(customers.externalId, externalId));
  if (!row || row.stripeCustomerId === null || row.deleted) {
    return err(appError('customer_not_found', `no billing customer for ${param} "${externalId}"`, param));
  }
  return ok({ ...row, stripeCustomerId: row.stripeCustomerId });
}

import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { customers } from '../../core/db/schema/customers.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { timeZoneName } from '../../usage/entitlements/windows.ts';
import { alignCounters, zoneInForce } from './align-counters.ts';
import type { CustomerRow } from './find.ts';

export const updateCustomerInput = z.object({
  /** The app's id for the customer. */
  customer: appId(),
  /**
   * The zone of the customer's calendar usage windows (features with
   * `timeZone: 'customer'`): `UTC` or an IANA name such as `Europe/Paris`.
   */
  timeZone: timeZoneName(),
});
export type UpdateCustomerInput = z.input<typeof updateCustomerInput>;

export interface UpdateCustomerOutput {
  customer: CustomerRow;
  /** The value before this call (null: never set, which means UTC). */
  previousTimeZone: string | null;
}

/**
 * Sets the time zone of a customer Tollgate knows (`getOrCreateCustomer`
 * or the Stripe mirror made it); a customer it does not know is
 * `customer_not_found`, a bad zone `validation_failed` naming `timeZone`,
 * and neither writes anything.
 *
 * What a change means for windows, exactly:
 * - It takes effect immediately: from the commit on, `check`, `track` and
 *   `consume` put now (and any tracked timestamp) in the window the new zone
 *   gives.
 * - An allowance belongs to a local date (week, month), not to a zone:
 *   counters are keyed by the date (`day:2026-01-15`), so a date has one
 *   counter whichever zone reads it. Flipping zones back and forth moves the
 *   customer between the same counters: it never opens a second allowance
 *   for a date, and usage already counted stays on its date (a move west can
 *   put the customer back on yesterday, with yesterday's usage; a move east
 *   can start tomorrow sooner, whose allowance is then spent when tomorrow
 *   comes in the old zone).
 * - In the same transaction the customer's counters are re-bounded to the
 *   new zone (`alignCounters`), so the counter `check` reads is the one
 *   `track` and `consume` write. Setting the zone a customer already has
 *   re-bounds too, and changes nothing else.
 */
export const updateCustomer = operation(updateCustomerInput, async (deps: Deps, { customer, timeZone }): Promise<Result<UpdateCustomerOutput, AppError>> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx): Promise<Result<UpdateCustomerOutput, AppError>> => {
    const [before] = await tx
      .select({ id: customers.id, timeZone: customers.timeZone })
      .from(customers)
      .where(and(eq(customers.externalId, customer), eq(customers.deleted, false)))
      .for('update');
    if (!before) return err(appError('customer_not_found', `no customer "${customer}"`, 'customer'));
    const [after] = await tx.update(customers).set({ timeZone, updatedAt: now }).where(eq(customers.id, before.id)).returning();
    if (!after) throw new Error(`customer ${customer} vanished while locked`);
    await alignCounters(tx, deps.config, { customer, from: zoneInForce(before.timeZone), to: timeZone, now });
    return ok({ customer: after, previousTimeZone: before.timeZone });
  });
});

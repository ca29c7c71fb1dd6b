import { eq, or, sql } from 'drizzle-orm';
import { customers } from '../../core/db/schema/customers.ts';
import { invoices } from '../../core/db/schema/invoices.ts';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { customerExternalKey, lockObject } from './lock.ts';

/** Points every mirrored object of a Stripe customer at the Tollgate customer. */
export async function attachCustomerId(deps: Deps, customerId: string, stripeCustomerId: string): Promise<void> {
  // One round trip: data-modifying CTEs.
  const [first, ...rest] = [subscriptions, invoices, paymentMethods, purchases].map(
    (table) => sql`update ${table} set customer_id = ${customerId}
      where ${table.stripeCustomerId} = ${stripeCustomerId} and ${table.customerId} is distinct from ${customerId}`,
  );
  const ctes = rest.map((statement, i) => sql`${sql.raw(`u${i}`)} as (${statement})`);
  await deps.db.execute(sql`with ${sql.join(ctes, sql`, `)} ${first}`);
}

/**
 * Records that the app's `externalId` is Stripe's `stripeCustomerId`
 * (Checkout's `client_reference_id`, a customer's metadata). Merges the row
 * the app created (external id, no Stripe id yet) with a row the mirror
 * created from Stripe (Stripe id, no external id). Never steals an id that is
 * already linked elsewhere. Returns the Tollgate customer id, or null when
 * the link conflicts.
 */
export async function linkCustomer(deps: Deps, externalId: string, stripeCustomerId: string): Promise<string | null> {
  await lockObject(deps, customerExternalKey(externalId)); // usually held already: callers take it with the customer's, sorted
  const rows = await deps.db
    .select()
    .from(customers)
    .where(or(eq(customers.externalId, externalId), eq(customers.stripeCustomerId, stripeCustomerId)))
    .for('update');
  const byExt = rows.find((r) => r.externalId === externalId);
  const byStripe = rows.find((r) => r.stripeCustomerId === stripeCustomerId);
  const now = deps.clock.now();
  let id: string;
  if (byExt && byExt === byStripe) return byExt.id;
  if (byExt && byExt.stripeCustomerId === null) {
    if (byStripe && byStripe.externalId !== null) return conflict(deps, externalId, stripeCustomerId);
    if (byStripe) await deps.db.delete(customers).where(eq(customers.id, byStripe.id));
    const { id: _dropped, externalId: _ext, timeZone: _tz, createdAt: _c, ...stripeFields } = byStripe ?? {};
    await deps.db
      .update(customers)
      .set({ ...stripeFields, stripeCustomerId, updatedAt: now })
      .where(eq(customers.id, byExt.id));
    id = byExt.id;
  } else if (!byExt && byStripe && byStripe.externalId === null) {
    await deps.db.update(customers).set({ externalId, updatedAt: now }).where(eq(customers.id, byStripe.id));
    id = byStripe.id;
  } else if (!byExt && !byStripe) {
    id = deps.ids.next('cust');
    await deps.db.insert(customers).values({ id, externalId, stripeCustomerId, createdAt: now, updatedAt: now });
  } else {
    return conflict(deps, externalId, stripeCustomerId);
  }
  await attachCustomerId(deps, id, stripeCustomerId);
  return id;
}

function conflict(deps: Deps, externalId: string, stripeCustomerId: string): null {
  deps.log.warn('customer link conflict: external id or Stripe customer already linked elsewhere', {
    externalId,
    stripeCustomerId,
  });
  return null;
}

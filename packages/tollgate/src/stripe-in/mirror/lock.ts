import { type SQL, sql } from 'drizzle-orm';
import { METADATA } from '../../core/config/stripe-keys.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { idOf } from './fields.ts';
import type { StripeObjectLike } from './kind.ts';

/** Serialises writers of one object until the transaction ends (an advisory lock; works on both drivers). */
export async function lockObject(deps: Deps, key: string): Promise<void> {
  await deps.db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** The Stripe customer an object belongs to (a customer is its own). */
export function stripeCustomerOf(object: StripeObjectLike): string | null {
  return object.object === 'customer' ? object.id : idOf((object as { customer?: string | { id: string } | null }).customer);
}

/**
 * The advisory-lock keys a writer of `object` (applied by the kind named
 * `kindName`) takes: the object's own, and its Stripe customer's. The second
 * serialises an object saved before its customer is mirrored with that
 * customer's arrival: without it, two transactions racing on two nodes can
 * each miss the other's uncommitted row, and the object stays unlinked.
 */
export function objectLockKeys(kindName: string, object: StripeObjectLike): string[] {
  const keys = [`${kindName}:${object.id}`];
  const customer = stripeCustomerOf(object);
  if (customer && kindName !== 'customer') keys.push(`customer:${customer}`);
  // A customer naming the app's id is linked under that id's lock too (linkCustomer): taken here, in
  // the same sorted order as the webhook batch takes both, never after the customer's own (a deadlock
  // on Postgres when the app's getOrCreateCustomer and the customer.created webhook met).
  const externalId = kindName === 'customer' ? (object as { metadata?: Record<string, string> | null }).metadata?.[METADATA.externalId] : undefined;
  if (externalId) keys.push(customerExternalKey(externalId));
  return keys;
}

/** The advisory-lock key of the app's customer id (see linkCustomer). */
export const customerExternalKey = (externalId: string): string => `customer-external:${externalId}`;

/**
 * Takes the advisory locks of `keys` in one sorted order (volatile functions
 * run after the sort), so that concurrent writers cannot deadlock on them.
 * A select to use as a subquery.
 */
export function lockKeysSql(keys: string[]): SQL {
  return sql`select pg_advisory_xact_lock(h)
    from (select distinct hashtext(k) as h from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as t(k)) s
    order by h`;
}

/** Takes the locks of `keys` (see `lockKeysSql`) in the caller's transaction. */
export async function lockKeys(deps: Deps, keys: string[]): Promise<void> {
  await deps.db.execute(sql`select count(*) from (${lockKeysSql(keys)}) l`);
}

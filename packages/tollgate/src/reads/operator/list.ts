import { and, desc, eq, type SQL } from 'drizzle-orm';
import { customers } from '../../core/db/schema/customers.ts';
import { paymentEvents } from '../../core/db/schema/payment-events.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { Deps } from '../../core/lib/deps.ts';

/**
 * Admin reads over the local mirror (never Stripe), newest first: what the
 * admin routes and the CLI's list commands show.
 */
export interface ListInput {
  limit?: number;
}

const limitOf = (input: ListInput) => Math.min(Math.max(input.limit ?? 20, 1), 100);

export async function listCustomers(deps: Pick<Deps, 'db'>, input: ListInput = {}) {
  const rows = await deps.db
    .select()
    .from(customers)
    .where(eq(customers.deleted, false))
    .orderBy(desc(customers.createdAt), desc(customers.id))
    .limit(limitOf(input));
  return rows.map(({ raw: _raw, sourceAt: _s, ...row }) => row);
}

export async function getCustomerRecord(deps: Pick<Deps, 'db'>, input: { externalId: string }) {
  const [row] = await deps.db.select().from(customers).where(eq(customers.externalId, input.externalId)).limit(1);
  if (!row) return undefined;
  const { raw: _raw, sourceAt: _s, ...rest } = row;
  return rest;
}

export async function listSubscriptionRows(deps: Pick<Deps, 'db'>, input: ListInput & { status?: string; plan?: string; customer?: string } = {}) {
  const filters: SQL[] = [];
  if (input.status) filters.push(eq(subscriptions.status, input.status));
  if (input.plan) filters.push(eq(subscriptions.planKey, input.plan));
  const query = deps.db
    .select({ subscription: subscriptions, externalId: customers.externalId })
    .from(subscriptions)
    .leftJoin(customers, eq(customers.stripeCustomerId, subscriptions.stripeCustomerId));
  if (input.customer) filters.push(eq(customers.externalId, input.customer));
  const rows = await query
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(subscriptions.stripeCreated), desc(subscriptions.id))
    .limit(limitOf(input));
  return rows.map((r) => ({ ...r.subscription, customer: r.externalId }));
}

export async function listPurchases(deps: Pick<Deps, 'db'>, input: ListInput & { customer?: string } = {}) {
  const rows = await deps.db
    .select()
    .from(purchases)
    .where(input.customer ? eq(purchases.externalId, input.customer) : undefined)
    .orderBy(desc(purchases.stripeCreated), desc(purchases.id))
    .limit(limitOf(input));
  return rows.map(({ raw: _raw, sourceAt: _s, ...row }) => row);
}

export async function listEvents(deps: Pick<Deps, 'db'>, input: ListInput & { type?: string } = {}) {
  return deps.db
    .select({
      id: paymentEvents.id,
      type: paymentEvents.type,
      created: paymentEvents.created,
      livemode: paymentEvents.livemode,
      receivedAt: paymentEvents.receivedAt,
      processedAt: paymentEvents.processedAt,
      error: paymentEvents.error,
      note: paymentEvents.note,
    })
    .from(paymentEvents)
    .where(input.type ? eq(paymentEvents.type, input.type) : undefined)
    .orderBy(desc(paymentEvents.receivedAt), desc(paymentEvents.id))
    .limit(limitOf(input));
}

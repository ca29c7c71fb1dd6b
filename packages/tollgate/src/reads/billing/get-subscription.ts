import { desc, eq, sql } from 'drizzle-orm';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { defined } from '../../core/lib/defined.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { findCustomer } from '../../stripe-in/mirror/find-customer.ts';
import { type ScheduledChange, scheduledChangeOf } from './scheduled-change.ts';

// A type alias (not an interface) so it is a plain record to generic helpers.
export type CurrentSubscription = {
  id: string;
  planKey: string | null;
  status: string;
  interval: string | null;
  quantity: number | null;
  currency: string;
  /** Per-period list amount in minor units, before discounts. */
  amount: number;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  trialEnd: Date | null;
  /** What is already decided for its future (getSubscription fills it; a command's answer leaves it out). */
  scheduledChange?: ScheduledChange | null;
};

/** The subscription fields apps read, projected from a mirror row (without Stripe's raw copy). */
export function currentSubscriptionOf(row: CurrentSubscription): CurrentSubscription {
  return defined({
    id: row.id,
    planKey: row.planKey,
    status: row.status,
    interval: row.interval,
    quantity: row.quantity,
    currency: row.currency,
    amount: row.amount,
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    cancelAt: row.cancelAt,
    canceledAt: row.canceledAt,
    trialEnd: row.trialEnd,
    scheduledChange: row.scheduledChange,
  });
}

/**
 * The customer's current subscription, read from the mirror: the live one
 * (active, trialing, past_due, unpaid, incomplete, paused, in that order of
 * preference, newest first), with its scheduled change (a downgrade or a
 * cancel at period end); null when there is none.
 */
export async function getSubscription(deps: Deps, input: { externalId: unknown }): Promise<Result<CurrentSubscription | null>> {
  const customer = await findCustomer(deps, input.externalId);
  if (!customer.ok) return customer;
  if (!customer.value.stripeCustomerId) return ok(null);
  const preference = sql`case ${subscriptions.status} when 'active' then 0 when 'trialing' then 1 when 'past_due' then 2
    when 'unpaid' then 3 when 'incomplete' then 4 when 'paused' then 5 else 9 end`;
  const [row] = await deps.db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.stripeCustomerId, customer.value.stripeCustomerId))
    .orderBy(preference, desc(subscriptions.stripeCreated))
    .limit(1);
  if (!row || ['canceled', 'incomplete_expired'].includes(row.status)) return ok(null);
  return ok({ ...currentSubscriptionOf(row), scheduledChange: await scheduledChangeOf(deps, row) });
}

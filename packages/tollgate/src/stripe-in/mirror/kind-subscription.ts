import { and, eq, notInArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { customers } from '../../core/db/schema/customers.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { HookDraft } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { backfillMrrMovements } from '../../reads/metrics/backfill-movements.ts';
import { recordMrrMovements } from '../../reads/metrics/record-movements.ts';
import { type CustomerLookup, type Gone, isGone, type MirrorKind } from './kind.ts';
import { expandDiscounts } from './expand-discounts.ts';
import { excludedSet, rowById } from './upsert.ts';
import { licensedAmount } from './item-amount.ts';
import { subscriptionSnapshot } from '../../notify/hooks/subscription-snapshot.ts';
import { pastDueSinceAfter, type SubscriptionRow, subscriptionToRow } from './subscription-row.ts';

const ROWS = rowById(subscriptions);
const ITEM_SET = excludedSet(subscriptionItems, ['id']);
const TERMINAL = new Set(['canceled', 'incomplete_expired']);
const LIVE = new Set(['active', 'trialing', 'past_due']);

/** The Tollgate customer id of a Stripe customer: from `lookup` (a batch's prefetch) when given, else a query. */
export async function customerIdFor(deps: Deps, stripeCustomerId: string | null, lookup?: CustomerLookup): Promise<string | null> {
  if (lookup) return lookup(stripeCustomerId);
  if (!stripeCustomerId) return null;
  const [row] = await deps.db.select({ id: customers.id }).from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId)).limit(1);
  return row?.id ?? null;
}

function subscriptionHooks(prev: SubscriptionRow | undefined, next: SubscriptionRow): HookDraft[] {
  const hooks: HookDraft[] = [];
  const base = { objectId: next.id, stripeCustomerId: next.stripeCustomerId };
  const subscription = subscriptionSnapshot(next);
  const was = prev?.status;
  if ((next.status === 'active' || next.status === 'trialing') && (was === undefined || !LIVE.has(was)))
    hooks.push({ ...base, type: 'subscription.activated', payload: { subscription } });
  if (next.status === 'past_due' && was !== 'past_due') hooks.push({ ...base, type: 'subscription.past_due', payload: { subscription } });
  // A subscription first seen already canceled (a history import) was never live for the app: no hook.
  if (next.status === 'canceled' && was !== undefined && was !== 'canceled') hooks.push({ ...base, type: 'subscription.canceled', payload: { subscription } });
  if (!TERMINAL.has(next.status)) {
    if (next.cancelAtPeriodEnd && !prev?.cancelAtPeriodEnd) hooks.push({ ...base, type: 'subscription.cancel_scheduled', payload: { subscription } });
    if (!next.cancelAtPeriodEnd && prev?.cancelAtPeriodEnd) hooks.push({ ...base, type: 'subscription.resumed', payload: { subscription } });
  }
  if (prev?.status === 'trialing' && next.status !== 'trialing') hooks.push({ ...base, type: 'trial.ended', payload: { subscription, outcome: next.status } });
  if (
    prev &&
    !TERMINAL.has(prev.status) &&
    !TERMINAL.has(next.status) &&
    (prev.planKey !== next.planKey || versionOf(prev) !== versionOf(next) || prev.interval !== next.interval || prev.quantity !== next.quantity)
  ) {
    const previous = { planKey: prev.planKey, planVersion: versionOf(prev), interval: prev.interval, quantity: prev.quantity };
    hooks.push({ ...base, type: 'plan.changed', payload: { subscription, previous } });
  }
  return hooks;
}

/** A plan row's version (rows mirrored before versions existed have none: version 1). */
function versionOf(row: { planKey: string | null; planVersion: number | null }): number | null {
  return row.planKey === null ? null : (row.planVersion ?? 1);
}

/** Item ids in a stored subscription's raw object (the items the mirror holds for it). */
function itemIdsOf(raw: unknown): string[] {
  const data = (raw as { items?: { data?: { id?: unknown }[] } } | null)?.items?.data ?? [];
  return data.map((i) => (typeof i.id === 'string' ? i.id : ''));
}

const sameIds = (a: string[], b: string[]): boolean => a.length === b.length && a.every((id) => b.includes(id));

export const subscriptionKind: MirrorKind<Stripe.Subscription, SubscriptionRow> = {
  name: 'subscription',
  async load(deps, id) {
    const row = await ROWS.load(deps, id);
    return row ? { ...row, items: null } : undefined;
  },
  async toRow(deps, object: Stripe.Subscription | Gone, prev, customers) {
    if (isGone(object)) return null; // subscriptions are canceled, not deleted
    const sub = object;
    const stripeCustomerId = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
    const customerId = prev?.customerId ?? (await customerIdFor(deps, stripeCustomerId, customers));
    const discounts = await expandDiscounts(deps, sub.id, sub.discounts);
    return subscriptionToRow(discounts === sub.discounts ? sub : { ...sub, discounts }, customerId, deps.clock.now(), prev, await licensedAmount(deps, sub));
  },
  rank: (row) => (TERMINAL.has(row.status) ? 1 : 0),
  remember(next, prev, at, carried) {
    next.pastDueSince = pastDueSinceAfter(prev, next.status, at, carried?.row.status === 'past_due' ? carried.at : undefined);
  },
  async save(deps, row, prev) {
    const { items, ...values } = row;
    await ROWS.save(deps, values);
    if (items === null) return;
    const ids = items.map((i) => i.id);
    if (!prev || sameIds(itemIdsOf(prev.raw), ids)) {
      if (items.length > 0) await deps.db.insert(subscriptionItems).values(items).onConflictDoUpdate({ target: subscriptionItems.id, set: ITEM_SET });
      return;
    }
    await deps.db
      .delete(subscriptionItems)
      .where(
        ids.length > 0
          ? and(eq(subscriptionItems.subscriptionId, row.id), notInArray(subscriptionItems.id, ids))
          : eq(subscriptionItems.subscriptionId, row.id),
      );
    if (items.length > 0) await deps.db.insert(subscriptionItems).values(items).onConflictDoUpdate({ target: subscriptionItems.id, set: ITEM_SET });
  },
  retrieve: (stripe, id) => stripe.subscriptions.retrieve(id),
  hooks: subscriptionHooks,
  ledger: {
    before: (deps, ids) => backfillMrrMovements(deps, { subscriptionIds: ids }),
    after: recordMrrMovements,
  },
};

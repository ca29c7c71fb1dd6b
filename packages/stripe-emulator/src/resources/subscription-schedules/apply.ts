import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { idOf } from '../subscriptions/items.ts';
import { type ItemUpdate, type SubscriptionUpdate, updateSubscription } from '../subscriptions/update.ts';
import { collectionOf, phaseItemInputs, prorationOf } from './phases.ts';

/**
 * Item updates that turn the subscription's items into the phase's: an item whose price stays
 * keeps its id (its quantity follows the phase), other items are deleted, new prices are added.
 * Null when the items already match.
 */
function itemUpdates(sub: Stripe.Subscription, phase: Stripe.SubscriptionSchedule.Phase): ItemUpdate[] | null {
  const wanted = phaseItemInputs(phase);
  const remaining = [...sub.items.data];
  const updates: ItemUpdate[] = [];
  let changed = false;
  for (const want of wanted) {
    const index = remaining.findIndex((item) => item.price.id === want.price);
    if (index === -1) {
      updates.push(want.quantity === undefined ? { price: want.price } : { price: want.price, quantity: want.quantity });
      changed = true;
      continue;
    }
    const item = remaining.splice(index, 1)[0]!;
    if (want.quantity !== undefined && want.quantity !== item.quantity) changed = true;
    updates.push(want.quantity === undefined ? { id: item.id } : { id: item.id, quantity: want.quantity });
  }
  for (const item of remaining) {
    updates.push({ id: item.id, deleted: true });
    changed = true;
  }
  return changed ? updates : null;
}

/**
 * Makes a subscription follow a phase. `entering`: the phase starts now, so its metadata and
 * settings apply too (Stripe copies a phase's metadata onto the subscription when it is entered).
 */
export function applyPhase(
  em: Emulator,
  subscription: string,
  phase: Stripe.SubscriptionSchedule.Phase,
  options: { entering: boolean; proration: Stripe.SubscriptionSchedule.Phase.ProrationBehavior },
): void {
  const sub = em.db.subscriptions.get(subscription);
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  const update: SubscriptionUpdate = {};
  const items = itemUpdates(sub, phase);
  if (items) {
    update.items = items;
    update.proration_behavior = prorationOf(options.proration);
  }
  if (options.entering) {
    if (phase.metadata && Object.keys(phase.metadata).length > 0) update.metadata = phase.metadata;
    const collection = collectionOf(phase);
    if (collection) update.collection_method = collection;
    const pm = idOf(phase.default_payment_method);
    if (pm) update.default_payment_method = pm;
    if (phase.description) update.description = phase.description;
  }
  if (Object.keys(update).length > 0) updateSubscription(em, sub.id, update);
}

import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { invalidRequest } from '../../errors.ts';
import { voidInvoice } from '../invoices/invoices.ts';
import { idOf, itemList } from './items.ts';
import { saveSubscription } from './subscriptions.ts';

/*
 * Pending updates (`payment_behavior: 'pending_if_incomplete'`): an update
 * whose invoice cannot be paid leaves the subscription as it was and keeps
 * the change in `pending_update` until the invoice is paid (the change is
 * applied then) or the update expires (the invoice is voided): at the
 * earliest of 23 hours after the update, the period's end and the trial's end.
 */

const EXPIRY_SECONDS = 23 * 3600;

/** The parameters Stripe accepts with `pending_if_incomplete` (metadata since 2026-05-27). */
const SUPPORTED = new Set(['items', 'proration_behavior', 'proration_date', 'payment_behavior', 'trial_end', 'metadata', 'expand']);

/** Subscriptions whose pending update's first payment is being attempted: their status is left alone meanwhile. */
const paying = new Set<string>();

/** Refuses parameters a pending update cannot carry, as Stripe does. */
export function checkPendingParams(input: object): void {
  for (const [key, value] of Object.entries(input)) {
    if (value !== undefined && !SUPPORTED.has(key)) {
      throw invalidRequest(`The parameter ${key} cannot be passed when payment_behavior is \`pending_if_incomplete\`.`, key);
    }
  }
}

/** Runs the update's own payment attempt without the usual status bookkeeping (a failure must not make it past_due). */
export function payingPending<T>(subscription: string, attempt: () => T): T {
  paying.add(subscription);
  try {
    return attempt();
  } finally {
    paying.delete(subscription);
  }
}

/** Whether the usual invoice bookkeeping must leave the invoice's subscription alone: its pending update is paying, or waiting for payment. */
export function heldByPendingUpdate(em: Emulator, invoice: Stripe.Invoice): boolean {
  const id = idOf(invoice.parent?.subscription_details?.subscription ?? null);
  const sub = id ? em.db.subscriptions.get(id) : undefined;
  return sub !== undefined && (paying.has(sub.id) || sub.pending_update !== null);
}

/** The update's payment failed: the subscription stays `before`, the change waits in `pending_update`. */
export function holdUpdate(
  em: Emulator,
  before: Stripe.Subscription,
  updated: Stripe.Subscription,
  metadata: Record<string, string> | '' | undefined,
  invoice: string,
  at: number,
): Stripe.Subscription {
  const periodEnd = before.items.data[0]?.current_period_end ?? at + EXPIRY_SECONDS;
  const trialEnd = before.status === 'trialing' && before.trial_end !== null ? before.trial_end : Number.POSITIVE_INFINITY;
  const pending: Stripe.Subscription.PendingUpdate = {
    billing_cycle_anchor: updated.billing_cycle_anchor !== before.billing_cycle_anchor ? updated.billing_cycle_anchor : null,
    cancel_at_period_end: null,
    discount: null,
    discounts: null,
    expires_at: Math.min(at + EXPIRY_SECONDS, periodEnd, trialEnd),
    metadata: metadata === undefined || metadata === '' ? null : metadata,
    subscription_items: updated.items.data,
    trial_end: null,
    trial_from_plan: null,
  };
  return saveSubscription(em, before, { ...before, latest_invoice: invoice, pending_update: pending }, at);
}

/** The pending update's invoice was paid: the change applies now. */
function applyPending(em: Emulator, sub: Stripe.Subscription, at: number): void {
  const pending = sub.pending_update;
  if (!pending) return;
  const items = pending.subscription_items ?? sub.items.data;
  const after: Stripe.Subscription = {
    ...sub,
    items: itemList(sub.id, items),
    currency: items[0]?.price.currency ?? sub.currency,
    metadata: pending.metadata ? mergeMetadata(sub.metadata, pending.metadata) : sub.metadata,
    billing_cycle_anchor: pending.billing_cycle_anchor ?? sub.billing_cycle_anchor,
    status: sub.status === 'past_due' ? 'active' : sub.status,
    pending_update: null,
  };
  saveSubscription(em, sub, after, at);
  em.emit('customer.subscription.pending_update_applied', after, { at });
}

/** Wires pending updates to invoice payments and to time (called once per emulator). */
export function registerPendingUpdates(em: Emulator): void {
  em.hooks.invoicePaymentAttempted.push((invoice, outcome) => {
    if (outcome !== 'paid') return;
    const id = idOf(invoice.parent?.subscription_details?.subscription ?? null);
    const sub = id ? em.db.subscriptions.get(id) : undefined;
    if (!sub?.pending_update || paying.has(sub.id) || idOf(sub.latest_invoice) !== invoice.id) return;
    applyPending(em, sub, em.timeFor(sub.test_clock));
  });
  em.hooks.dueTransitions.push((clock) => {
    const due: { at: number; order: number; run: () => void }[] = [];
    for (const sub of em.db.subscriptions.values()) {
      const pending = sub.pending_update;
      if (!pending || idOf(sub.test_clock) !== clock) continue;
      const at = pending.expires_at;
      due.push({
        at,
        order: 0,
        run: () => {
          const current = em.db.subscriptions.get(sub.id);
          if (current?.pending_update?.expires_at !== at) return;
          const invoice = idOf(current.latest_invoice);
          if (invoice && em.db.invoices.get(invoice)?.status === 'open') voidInvoice(em, invoice, at);
          const after = saveSubscription(em, current, { ...current, pending_update: null }, at);
          em.emit('customer.subscription.pending_update_expired', after, { at });
        },
      });
    }
    return due;
  });
}

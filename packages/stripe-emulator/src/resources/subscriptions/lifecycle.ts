import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { createInvoice, finalizeInvoice, voidInvoice } from '../invoices/invoices.ts';
import { subscriptionLine } from '../invoices/lines.ts';
import { attemptInvoicePayment } from '../invoices/pay.ts';
import { cancelSubscription } from './cancel.ts';
import { idOf, itemList } from './items.ts';
import { addInterval } from './periods.ts';
import { heldByPendingUpdate, registerPendingUpdates } from './pending-update.ts';
import { onInvoicePaymentAttempted, saveSubscription } from './subscriptions.ts';

const INCOMPLETE_EXPIRY = 23 * 3600;

/** One time-driven transition: when it is due and what it does. */
export interface DueTransition {
  at: number;
  /** Orders transitions due at the same second: subscriptions before invoices. */
  order: number;
  run: () => void;
}

function clockOf(value: string | { id: string } | null | undefined): string | null {
  return idOf(value ?? null);
}

/** Whether a subscription has a payment method to charge: its own default, else the customer's. */
function hasPaymentMethod(sub: Stripe.Subscription, customer: Stripe.Customer): boolean {
  return (
    sub.default_payment_method !== null ||
    sub.default_source !== null ||
    customer.invoice_settings.default_payment_method !== null ||
    customer.default_source !== null
  );
}

/**
 * A trial ending without a payment method, when `trial_settings` says to
 * `cancel` or `pause` (Stripe's free trials without a card): canceled, or
 * paused with no invoice. Returns true when it handled the subscription.
 */
function endTrialWithoutCard(em: Emulator, sub: Stripe.Subscription, customer: Stripe.Customer, at: number): boolean {
  const behavior = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (sub.status !== 'trialing' || behavior === 'create_invoice' || hasPaymentMethod(sub, customer)) return false;
  if (behavior === 'cancel') {
    cancelSubscription(em, sub.id, {}, 'cancellation_requested', at);
    return true;
  }
  const paused: Stripe.Subscription = { ...sub, status: 'paused' };
  saveSubscription(em, sub, paused, at);
  em.emit('customer.subscription.paused', paused, { at });
  return true;
}

/** Starts the next period: moves the items' periods and opens a draft invoice that finalizes in an hour. */
export function renewSubscription(em: Emulator, sub: Stripe.Subscription, at: number): void {
  const first = sub.items.data[0];
  const recurring = first?.price.recurring;
  if (!first || !recurring) return;
  const start = first.current_period_end;
  const end = addInterval(start, recurring.interval, recurring.interval_count, sub.billing_cycle_anchor);
  const items = sub.items.data.map((item) => ({ ...item, current_period_start: start, current_period_end: end }));
  const customer = em.db.customers.get(typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
  if (!customer) return;
  if (endTrialWithoutCard(em, sub, customer, at)) return;
  let next: Stripe.Subscription = { ...sub, items: itemList(sub.id, items), status: sub.status === 'trialing' ? 'active' : sub.status };
  em.db.subscriptions.put(next);
  const lines = items.map((item) => subscriptionLine(em, item, { start, end }, { currency: sub.currency }));
  const invoice = createInvoice(em, {
    customer,
    subscription: next,
    billingReason: 'subscription_cycle',
    lines,
    includePending: true,
    period: { start: first.current_period_start, end: start },
    at,
  });
  next = { ...next, latest_invoice: invoice.id };
  saveSubscription(em, sub, next, at);
}

function subscriptionTransition(em: Emulator, sub: Stripe.Subscription): DueTransition | null {
  if (sub.status === 'incomplete') {
    return {
      at: sub.created + INCOMPLETE_EXPIRY,
      order: 0,
      run: () => {
        const at = sub.created + INCOMPLETE_EXPIRY;
        const latest = idOf(sub.latest_invoice);
        const invoice = latest ? em.db.invoices.get(latest) : undefined;
        if (invoice?.status === 'open') voidInvoice(em, invoice.id, at);
        saveSubscription(em, sub, { ...sub, status: 'incomplete_expired', ended_at: at }, at, 'customer.subscription.deleted');
      },
    };
  }
  if (sub.status !== 'active' && sub.status !== 'past_due' && sub.status !== 'trialing' && sub.status !== 'unpaid') return null;
  if (sub.status === 'trialing' && sub.trial_end !== null) {
    // Three days before a trial ends (or at once for shorter trials), Stripe sends trial_will_end.
    const notice = `trial_will_end:${sub.id}:${sub.trial_end}`;
    if (!em.db.notices.has(notice)) {
      const at = Math.max(sub.trial_end - 3 * 86_400, sub.created);
      return {
        at,
        order: 0,
        run: () => {
          em.db.notices.put({ id: notice });
          em.emit('customer.subscription.trial_will_end', sub, { at });
        },
      };
    }
  }
  const periodEnd = sub.items.data[0]?.current_period_end;
  if (periodEnd === undefined) return null;
  if (sub.cancel_at !== null && sub.cancel_at <= periodEnd) {
    const at = sub.cancel_at;
    // Metered usage of the last period is billed on a final invoice.
    const metered = sub.items.data.some((item) => item.price.recurring?.usage_type === 'metered');
    return { at, order: 0, run: () => void cancelSubscription(em, sub.id, { invoice_now: metered }, 'cancellation_requested', at) };
  }
  if (sub.pause_collection) return null;
  return { at: periodEnd, order: 1, run: () => renewSubscription(em, sub, periodEnd) };
}

function invoiceTransition(em: Emulator, invoice: Stripe.Invoice): DueTransition | null {
  if (invoice.status === 'draft' && invoice.auto_advance && invoice.automatically_finalizes_at !== null) {
    const at = invoice.automatically_finalizes_at;
    return {
      at,
      order: 2,
      run: () => {
        const open = finalizeInvoice(em, invoice.id, at);
        if (open.status === 'open' && open.collection_method === 'charge_automatically') attemptInvoicePayment(em, open.id, at);
      },
    };
  }
  if (invoice.status === 'open' && invoice.next_payment_attempt !== null && invoice.collection_method === 'charge_automatically') {
    const at = invoice.next_payment_attempt;
    return { at, order: 3, run: () => void attemptInvoicePayment(em, invoice.id, at) };
  }
  return null;
}

/** The earliest transition due at or before `upTo` for objects on `clock` (null: objects on real time). */
export function nextTransition(em: Emulator, clock: string | null, upTo: number): DueTransition | null {
  let best: DueTransition | null = null;
  const consider = (t: DueTransition | null) => {
    if (t && t.at <= upTo && (!best || t.at < best.at || (t.at === best.at && t.order < best.order))) best = t;
  };
  for (const sub of em.db.subscriptions.values()) if (clockOf(sub.test_clock) === clock) consider(subscriptionTransition(em, sub));
  for (const invoice of em.db.invoices.values()) if (clockOf(invoice.test_clock) === clock) consider(invoiceTransition(em, invoice));
  for (const hook of em.hooks.dueTransitions) for (const t of hook(clock)) consider(t);
  return best;
}

/** Runs every transition due up to `upTo`, in time order, each in its own transaction. Returns how many ran. */
export function runDueTransitions(em: Emulator, clock: string | null, upTo: number, onStep?: (at: number) => void): number {
  let count = 0;
  for (let guard = 0; guard < 10_000; guard++) {
    const next = nextTransition(em, clock, upTo);
    if (!next) break;
    onStep?.(next.at);
    em.transaction(next.run);
    count++;
  }
  return count;
}

/** After the last retry fails, the subscription ends as configured (canceled by default, or unpaid). */
function onFinalFailure(em: Emulator, invoice: Stripe.Invoice, outcome: 'paid' | 'failed' | 'requires_action'): void {
  if (outcome === 'paid' || invoice.next_payment_attempt !== null || invoice.billing_reason === 'subscription_create') return;
  if (invoice.attempt_count <= 1 && (em.options.invoiceRetryDays ?? [3, 5, 7]).length > 0) return;
  const id = idOf(invoice.parent?.subscription_details?.subscription ?? null);
  const sub = id ? em.db.subscriptions.get(id) : undefined;
  if (!sub || sub.status !== 'past_due' || idOf(sub.latest_invoice) !== invoice.id) return;
  const at = em.timeFor(sub.test_clock);
  const action = em.options.afterFinalRetry ?? 'canceled';
  if (action === 'canceled') cancelSubscription(em, sub.id, {}, 'payment_failed', at);
  else if (action === 'unpaid') saveSubscription(em, sub, { ...sub, status: 'unpaid' }, at);
}

/** Wires subscription status to invoice payments (called once per emulator). */
export function registerSubscriptionHooks(em: Emulator): void {
  em.hooks.invoicePaymentAttempted.push((invoice, outcome) => {
    // A pending update's invoice never moves the subscription's status (pending-update.ts).
    if (heldByPendingUpdate(em, invoice)) return;
    onInvoicePaymentAttempted(em, invoice, outcome);
    onFinalFailure(em, invoice, outcome);
  });
  registerPendingUpdates(em);
}

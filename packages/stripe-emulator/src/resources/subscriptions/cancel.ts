import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { createInvoice, finalizeInvoice } from '../invoices/invoices.ts';
import { attemptInvoicePayment } from '../invoices/pay.ts';
import { itemList } from './items.ts';
import { prorate } from './proration.ts';
import { getSubscription, saveSubscription } from './subscriptions.ts';

export interface CancelInput {
  invoice_now?: boolean;
  prorate?: boolean;
  cancellation_details?: { comment?: string; feedback?: Stripe.Subscription.CancellationDetails.Feedback | '' };
}

/** Ends a subscription now (`customer.subscription.deleted`), optionally crediting unused time and invoicing at once. */
export function cancelSubscription(
  em: Emulator,
  id: string,
  input: CancelInput = {},
  reason: Stripe.Subscription.CancellationDetails.Reason = 'cancellation_requested',
  at = em.timeFor(getSubscription(em, id).test_clock),
): Stripe.Subscription {
  const before = getSubscription(em, id, 'subscription_exposed_id');
  if (before.status === 'canceled' || before.status === 'incomplete_expired')
    throw invalidRequest(`This subscription is already canceled.`, undefined, 'resource_missing');
  const billable = before.status === 'active' || before.status === 'past_due';
  if (input.prorate && billable) for (const item of before.items.data) prorate(em, before, item, 'unused', at);
  let sub: Stripe.Subscription = {
    ...before,
    status: 'canceled',
    canceled_at: before.canceled_at ?? at,
    ended_at: at,
    cancel_at: before.cancel_at,
    items: itemList(before.id, before.items.data),
    cancellation_details: {
      comment: input.cancellation_details?.comment ?? before.cancellation_details?.comment ?? null,
      feedback: input.cancellation_details?.feedback || (before.cancellation_details?.feedback ?? null),
      feedback_option: null,
      reason,
    },
  };
  if (input.invoice_now) {
    const customer = em.db.customers.get(typeof before.customer === 'string' ? before.customer : before.customer.id);
    if (customer) {
      const draft = createInvoice(em, { customer, subscription: sub, billingReason: 'subscription_cycle', includePending: true, at });
      sub = { ...sub, latest_invoice: draft.id };
      em.db.subscriptions.put(sub);
      const invoice = finalizeInvoice(em, draft.id, at);
      if (invoice.status === 'open' && sub.collection_method === 'charge_automatically') attemptInvoicePayment(em, invoice.id, at);
    }
  }
  return saveSubscription(em, before, sub, at, 'customer.subscription.deleted');
}

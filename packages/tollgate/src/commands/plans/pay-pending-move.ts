import Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';

/**
 * A move made now whose payment failed stays in Stripe's `pending_update`
 * with its open invoice (subscriptions/pending-payment.ts). Retrying it is
 * paying that invoice (the update then applies), never a second update with
 * a second prorated invoice. Returns undefined when nothing is pending (the
 * caller moves the subscription), null once paid and applied, or why not.
 */
export async function payPendingMove(deps: Deps, subscriptionId: string, idempotencyKey: string): Promise<string | null | undefined> {
  const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
  if (!subscription.pending_update) return undefined;
  const invoiceId = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice?.id;
  if (!invoiceId) return 'the pending change has no invoice to pay';
  const invoice = await deps.stripe.invoices.retrieve(invoiceId);
  if (invoice.status === 'open') {
    try {
      await deps.stripe.invoices.pay(invoiceId, {}, { idempotencyKey: `${idempotencyKey}-pay` });
    } catch (e) {
      if (!(e instanceof Stripe.errors.StripeCardError)) throw e;
      return `payment_failed: invoice ${invoiceId} could not be paid (${e.message}), so the change is still pending`;
    }
  }
  const fresh = await deps.stripe.subscriptions.retrieve(subscriptionId);
  await applyStripeObject(deps, fresh);
  return fresh.pending_update ? `payment_failed: invoice ${invoiceId} is still unpaid, so the change is still pending` : null;
}

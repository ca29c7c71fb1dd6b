import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, type Result } from '../../core/lib/result.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead } from './load.ts';

/**
 * A change that raises what the customer pays now is sent with Stripe's
 * `payment_behavior: 'pending_if_incomplete'`: it takes effect only once its
 * invoice is paid. When the payment fails (a declined card, 3-D Secure), Stripe
 * keeps the subscription as it was and holds the change in `pending_update`
 * until the invoice is paid (then the change applies, and its webhook moves
 * the mirror) or the update expires (the invoice is voided).
 */
export const PAY_BEFORE_CHANGE = 'pending_if_incomplete' as const;

/**
 * Applies Stripe's answer to a paid-before-change update. When the change is
 * waiting for its payment, the mirror keeps the current plan and the caller
 * gets `payment_failed` (402) naming `param`, with the invoice to pay.
 */
export async function appliedOrPending(deps: Deps, updated: Stripe.Subscription, param: string): Promise<Result<SubscriptionRow, AppError>> {
  const row = await applyAndRead(deps, updated);
  const pending = updated.pending_update;
  if (!pending) return { ok: true, value: row };
  const invoiceId = typeof updated.latest_invoice === 'string' ? updated.latest_invoice : (updated.latest_invoice?.id ?? null);
  const invoice = invoiceId ? await deps.stripe.invoices.retrieve(invoiceId) : null;
  return err(
    appError(
      'payment_failed',
      `the payment for this change did not go through, so the subscription stays as it was; the change applies once invoice ${invoiceId ?? '(unknown)'} is paid, until ${new Date(pending.expires_at * 1000).toISOString()}`,
      param,
      {
        invoice: invoiceId,
        hostedInvoiceUrl: invoice?.hosted_invoice_url ?? null,
        pendingUntil: new Date(pending.expires_at * 1000).toISOString(),
      },
    ),
  );
}

import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { createInvoiceItem, prorationDescription } from '../invoices/lines.ts';
import { priceAmount } from '../prices/amount.ts';

/** Fraction of the item's current period left at `at` (0..1). */
export function remainingFraction(item: Stripe.SubscriptionItem, at: number): number {
  const length = item.current_period_end - item.current_period_start;
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, (item.current_period_end - at) / length));
}

/** A pending proration invoice item: a credit for unused time (`unused`) or a charge for remaining time. */
export function prorate(
  em: Emulator,
  sub: Stripe.Subscription,
  item: Stripe.SubscriptionItem,
  kind: 'unused' | 'remaining',
  at: number,
): Stripe.InvoiceItem | null {
  const quantity = item.quantity ?? 0;
  const full = priceAmount(em, item.price, quantity, sub.currency);
  const amount = Math.round(full * remainingFraction(item, at)) * (kind === 'unused' ? -1 : 1);
  if (amount === 0) return null;
  const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  return createInvoiceItem(em, {
    customer,
    currency: sub.currency,
    amount,
    description: prorationDescription(em, item.price, quantity, kind, at),
    period: { start: at, end: item.current_period_end },
    proration: true,
    price: item.price,
    quantity,
    subscription: sub.id,
    subscriptionItem: item.id,
    taxRates: item.tax_rates ?? [],
    testClock: typeof sub.test_clock === 'string' ? sub.test_clock : (sub.test_clock?.id ?? null),
    at,
  });
}

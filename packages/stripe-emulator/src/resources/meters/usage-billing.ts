import Stripe from 'stripe';
import type { Emulator, InvoiceLinesContext } from '../../core/emulator.ts';
import { amountFor } from '../prices/amount.ts';
import { aggregateUsage } from './meters.ts';

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

/**
 * Bills metered subscription items in arrears: on a renewal invoice each metered line gets the
 * meter's aggregate of the customer's usage over the period that just ended, priced with the
 * price's tiers, and that period. On other invoices metered lines stay at zero.
 */
export function meteredUsageLines(em: Emulator, lines: Stripe.InvoiceLineItem[], context: InvoiceLinesContext): Stripe.InvoiceLineItem[] {
  const sub = context.subscription;
  if (!sub || context.billingReason !== 'subscription_cycle') return lines;
  return lines.map((line) => {
    const itemId = line.parent?.subscription_item_details?.subscription_item ?? null;
    const item = itemId ? sub.items.data.find((i) => i.id === itemId) : undefined;
    const price = item?.price;
    const meter = price?.recurring?.usage_type === 'metered' ? price.recurring.meter : null;
    if (!item || !price || !meter) return line;
    const quantity = aggregateUsage(em, meter, idOf(sub.customer) ?? '', context.period.start, context.period.end);
    const amount = amountFor(price, quantity, line.currency);
    const product = em.db.products.get(idOf(price.product) ?? '')?.name ?? idOf(price.product) ?? '';
    return { ...line, quantity, quantity_decimal: Stripe.Decimal.from(String(quantity)), amount, subtotal: amount, period: { start: context.period.start, end: context.period.end }, description: `${quantity} × ${product} (usage)` };
  });
}

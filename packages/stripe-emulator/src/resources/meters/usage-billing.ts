import Stripe from 'stripe';
import type { Emulator, InvoiceLinesContext } from '../../core/emulator.ts';
import { subscriptionLine } from '../invoices/lines.ts';
import { priceAmount } from '../prices/amount.ts';
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
  if (sub.status === 'canceled') return [...finalUsageLines(em, sub, context.at), ...lines];
  return lines.map((line) => {
    const itemId = line.parent?.subscription_item_details?.subscription_item ?? null;
    const item = itemId ? sub.items.data.find((i) => i.id === itemId) : undefined;
    const price = item?.price;
    const meter = price?.recurring?.usage_type === 'metered' ? price.recurring.meter : null;
    if (!item || !price || !meter) return line;
    const quantity = aggregateUsage(em, meter, idOf(sub.customer) ?? '', context.period.start, context.period.end);
    const amount = priceAmount(em, price, quantity, line.currency);
    const product = em.db.products.get(idOf(price.product) ?? '')?.name ?? idOf(price.product) ?? '';
    return {
      ...line,
      quantity,
      quantity_decimal: Stripe.Decimal.from(String(quantity)),
      amount,
      subtotal: amount,
      period: { start: context.period.start, end: context.period.end },
      description: `${quantity} × ${product} (usage)`,
    };
  });
}

/** The final invoice of a canceled subscription bills each metered item's usage from its period start to the end. */
function finalUsageLines(em: Emulator, sub: Stripe.Subscription, at: number): Stripe.InvoiceLineItem[] {
  const out: Stripe.InvoiceLineItem[] = [];
  for (const item of sub.items.data) {
    const meter = item.price.recurring?.usage_type === 'metered' ? item.price.recurring.meter : null;
    if (!meter) continue;
    const period = { start: item.current_period_start, end: at };
    const line = subscriptionLine(em, item, period, { currency: sub.currency });
    const quantity = aggregateUsage(em, meter, idOf(sub.customer) ?? '', period.start, period.end);
    const amount = priceAmount(em, item.price, quantity, line.currency);
    const product = em.db.products.get(idOf(item.price.product) ?? '')?.name ?? idOf(item.price.product) ?? '';
    out.push({
      ...line,
      quantity,
      quantity_decimal: Stripe.Decimal.from(String(quantity)),
      amount,
      subtotal: amount,
      description: `${quantity} × ${product} (usage)`,
    });
  }
  return out;
}

import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { automaticTaxes, lineTax, taxesFor } from './compute.ts';

/** What an invoice's taxes depend on. */
export interface InvoiceTaxSettings {
  automatic: boolean;
  /** The invoice's `default_tax_rates` (for a subscription's invoice: the subscription's). */
  defaultRates: readonly Stripe.TaxRate[];
  customer: Stripe.Customer | undefined;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

/** The rates a line names itself: its subscription item's `tax_rates`, or its invoice item's. */
function ownRates(em: Emulator, line: Stripe.InvoiceLineItem): readonly Stripe.TaxRate[] {
  const itemDetails = line.parent?.subscription_item_details;
  if (itemDetails) {
    const sub = em.db.subscriptions.get(idOf(itemDetails.subscription) ?? '');
    const item = sub?.items.data.find((i) => i.id === itemDetails.subscription_item);
    if (item?.tax_rates?.length) return item.tax_rates;
    // A subscription's own default rates come before the invoice's (they are the same unless changed since).
    return sub?.default_tax_rates ?? [];
  }
  const invoiceItem = line.parent?.invoice_item_details?.invoice_item;
  return invoiceItem ? (em.db.invoiceItems.get(invoiceItem)?.tax_rates ?? []) : [];
}

function behaviorOf(em: Emulator, line: Stripe.InvoiceLineItem): boolean {
  const priceId = line.pricing?.price_details?.price;
  const price = priceId ? em.db.prices.get(idOf(priceId) ?? '') : undefined;
  return price?.tax_behavior === 'inclusive';
}

/**
 * Computes every line's `taxes` (after its discounts): automatic tax by the customer's location,
 * or the line's own tax rates, else the invoice's default ones.
 */
export function taxInvoiceLines(em: Emulator, lines: Stripe.InvoiceLineItem[], settings: InvoiceTaxSettings): Stripe.InvoiceLineItem[] {
  return lines.map((line) => {
    const taxable = line.amount - (line.discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0);
    let parts: ReturnType<typeof taxesFor> | null;
    if (settings.automatic) parts = settings.customer ? automaticTaxes(em, settings.customer, taxable, behaviorOf(em, line)) : null;
    else {
      const own = ownRates(em, line);
      parts = taxesFor(taxable, own.length > 0 ? own : settings.defaultRates);
    }
    const taxes = (parts ?? []).map(lineTax);
    return taxes.length === 0 && (line.taxes ?? []).length === 0 ? line : { ...line, taxes };
  });
}

/** Sums lines' taxes into the invoice's `total_taxes` and the exclusive and inclusive totals. */
export function taxTotals(lines: readonly Stripe.InvoiceLineItem[]): { exclusive: number; inclusive: number; total_taxes: Stripe.Invoice.TotalTax[] } {
  let exclusive = 0;
  let inclusive = 0;
  const byKey = new Map<string, Stripe.Invoice.TotalTax>();
  for (const line of lines) {
    for (const tax of line.taxes ?? []) {
      if (tax.tax_behavior === 'inclusive') inclusive += tax.amount;
      else exclusive += tax.amount;
      const key = `${tax.tax_rate_details?.tax_rate ?? ''}|${tax.tax_behavior}|${tax.taxability_reason}`;
      const seen = byKey.get(key);
      if (seen) byKey.set(key, { ...seen, amount: seen.amount + tax.amount, taxable_amount: (seen.taxable_amount ?? 0) + (tax.taxable_amount ?? 0) });
      else
        byKey.set(key, {
          amount: tax.amount,
          tax_behavior: tax.tax_behavior,
          tax_rate_details: tax.tax_rate_details,
          taxability_reason: tax.taxability_reason,
          taxable_amount: tax.taxable_amount,
          type: 'tax_rate_details',
        });
    }
  }
  return { exclusive, inclusive, total_taxes: [...byKey.values()] };
}

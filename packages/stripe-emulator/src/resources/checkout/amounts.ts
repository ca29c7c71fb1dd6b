import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { discountPerLine } from '../discounts/discounts.ts';
import type { CheckoutExtras } from '../../core/records.ts';
import { priceAmount } from '../prices/amount.ts';
import { type TaxPart, automaticTaxStatus, automaticTaxes, taxesFor } from '../tax/compute.ts';

type TaxLocation = Pick<Stripe.Customer, 'address' | 'shipping' | 'tax_exempt'>;

/** Whose location a session's automatic tax uses: its customer's, or the address entered on the page. */
export function sessionTaxLocation(em: Emulator, session: Stripe.Checkout.Session): TaxLocation | null {
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
  const customer = customerId ? em.db.customers.get(customerId) : undefined;
  const entered = session.customer_details?.address ?? null;
  if (customer && (automaticTaxStatus(customer) === 'complete' || !entered)) return customer;
  return entered ? { address: entered, shipping: null, tax_exempt: customer?.tax_exempt ?? 'none' } : null;
}

interface Pricing {
  trial: boolean;
  currency: string;
  automatic: boolean;
  location: TaxLocation | null;
  lineRates: Record<string, string[]>;
}

function lineTaxes(em: Emulator, item: Stripe.LineItem, taxable: number, pricing: Pricing): TaxPart[] {
  if (pricing.automatic) return pricing.location ? (automaticTaxes(em, pricing.location, taxable, item.price?.tax_behavior === 'inclusive') ?? []) : [];
  const rates = (pricing.lineRates[item.id] ?? []).map((id) => em.db.taxRates.get(id)).filter((r): r is Stripe.TaxRate => r !== undefined);
  return taxesFor(taxable, rates);
}

/** Line items priced for a session: what each costs today (recurring items are free during a trial), after discounts, with tax. */
function priceLineItems(em: Emulator, items: Stripe.LineItem[], discounts: Stripe.Checkout.Session.Discount[], pricing: Pricing): Stripe.LineItem[] {
  const subtotals = items.map((item) => {
    const price = item.price;
    if (!price || (pricing.trial && price.recurring) || price.recurring?.usage_type === 'metered') return 0;
    return priceAmount(em, price, item.quantity ?? 0, pricing.currency);
  });
  let off = subtotals.map(() => 0);
  for (const d of discounts) {
    const couponId = typeof d.coupon === 'string' ? d.coupon : (d.coupon?.id ?? null);
    const coupon = couponId ? em.db.coupons.get(couponId) : undefined;
    if (coupon)
      off = discountPerLine(
        coupon,
        subtotals.map((s, i) => s - off[i]!),
        pricing.currency,
      ).map((x, i) => x + off[i]!);
  }
  return items.map((item, i) => {
    const taxable = subtotals[i]! - off[i]!;
    const taxes = lineTaxes(em, item, taxable, pricing);
    const exclusive = taxes.filter((t) => !t.inclusive).reduce((sum, t) => sum + t.amount, 0);
    return {
      ...item,
      amount_subtotal: subtotals[i]!,
      amount_discount: off[i]!,
      amount_tax: taxes.reduce((sum, t) => sum + t.amount, 0),
      amount_total: taxable + exclusive,
    };
  });
}

/** Recomputes a session's amounts from its line items, discounts and taxes (and its automatic tax status). */
export function withAmounts(
  em: Emulator,
  session: Stripe.Checkout.Session,
  items: Stripe.LineItem[],
  extras: Pick<CheckoutExtras, 'trialDays' | 'lineTaxRates'>,
): { session: Stripe.Checkout.Session; items: Stripe.LineItem[] } {
  if (session.mode === 'setup') return { session, items };
  const location = sessionTaxLocation(em, session);
  const automatic = session.automatic_tax.enabled;
  const priced = priceLineItems(em, items, session.discounts ?? [], {
    trial: (extras.trialDays ?? 0) > 0,
    currency: session.currency ?? 'usd',
    automatic,
    location,
    lineRates: extras.lineTaxRates ?? {},
  });
  const subtotal = priced.reduce((s, l) => s + l.amount_subtotal, 0);
  const discount = priced.reduce((s, l) => s + l.amount_discount, 0);
  const tax = priced.reduce((s, l) => s + l.amount_tax, 0);
  const total = priced.reduce((s, l) => s + l.amount_total, 0);
  const automaticTax: Stripe.Checkout.Session.AutomaticTax = automatic
    ? {
        enabled: true,
        liability: { type: 'self' },
        provider: 'stripe',
        status: location && automaticTaxStatus(location) === 'complete' ? 'complete' : 'requires_location_inputs',
      }
    : session.automatic_tax;
  return {
    session: {
      ...session,
      amount_subtotal: subtotal,
      amount_total: total,
      automatic_tax: automaticTax,
      total_details: { amount_discount: discount, amount_shipping: 0, amount_tax: tax },
    },
    items: priced,
  };
}

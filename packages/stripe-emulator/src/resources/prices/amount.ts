import type Stripe from 'stripe';
import { minorUnitsToDecimal } from '@tollgate/currencies';

/** `1999, 'usd'` -> `19.99 USD`: plain text for invoice PDFs and credit notes. */
export function plainAmount(amount: number, currency: string): string {
  return `${minorUnitsToDecimal(amount, currency)} ${currency.toUpperCase()}`;
}

export interface Tier {
  up_to: number | null;
  unit_amount: number | null;
  flat_amount: number | null;
  unit_amount_decimal?: { toString(): string } | null;
}

function unitOf(tier: Tier): number {
  if (tier.unit_amount !== null) return tier.unit_amount;
  return tier.unit_amount_decimal ? Number(tier.unit_amount_decimal.toString()) : 0;
}

/**
 * Amount in minor units for `quantity` of a price (per-unit or tiered graduated/volume, with
 * transform_quantity). A tiered price's tiers are not on the price object (Stripe returns them only
 * when expanded): pass them, or call `priceAmount`, which looks them up.
 */
export function amountFor(price: Stripe.Price, quantity: number, currency = price.currency, priceTiers: readonly Tier[] = price.tiers ?? []): number {
  let qty = quantity;
  if (price.transform_quantity) {
    const q = qty / price.transform_quantity.divide_by;
    qty = price.transform_quantity.round === 'up' ? Math.ceil(q) : Math.floor(q);
  }
  const options = currency !== price.currency ? price.currency_options?.[currency] : undefined;
  if (price.billing_scheme === 'tiered') {
    const tiers: readonly Tier[] = options?.tiers ?? priceTiers;
    if (price.tiers_mode === 'volume') {
      const tier = tiers.find((t) => t.up_to === null || qty <= t.up_to) ?? tiers[tiers.length - 1];
      if (!tier || qty === 0) return 0;
      return Math.round(unitOf(tier) * qty + (tier.flat_amount ?? 0));
    }
    let total = 0;
    let previousUpTo = 0;
    for (const tier of tiers) {
      if (qty <= previousUpTo) break;
      const upper = tier.up_to === null ? qty : Math.min(qty, tier.up_to);
      const inTier = upper - previousUpTo;
      if (inTier > 0) total += unitOf(tier) * inTier + (tier.flat_amount ?? 0);
      if (tier.up_to === null) break;
      previousUpTo = tier.up_to;
    }
    return Math.round(total);
  }
  const unit = options
    ? (options.unit_amount ?? Number(options.unit_amount_decimal?.toString() ?? 0))
    : (price.unit_amount ?? Number(price.unit_amount_decimal?.toString() ?? 0));
  return Math.round(unit * qty);
}

/** A price can bill in its own currency or one of its `currency_options`. */
export function supportsCurrency(price: Stripe.Price, currency: string): boolean {
  return price.currency === currency || price.currency_options?.[currency] !== undefined;
}

/** Where a tiered price's tiers are kept (the emulator's store). */
export interface TierSource {
  db: { priceTiers: { get(id: string): { tiers: Stripe.Price.Tier[] } | undefined } };
}

/** `amountFor` with the price's tiers looked up in the store. */
export function priceAmount(em: TierSource, price: Stripe.Price, quantity: number, currency = price.currency): number {
  return amountFor(price, quantity, currency, price.billing_scheme === 'tiered' ? (em.db.priceTiers.get(price.id)?.tiers ?? price.tiers ?? []) : []);
}

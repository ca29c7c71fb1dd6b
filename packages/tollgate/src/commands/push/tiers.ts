import type Stripe from 'stripe';
import type { TieredPricing } from '../../core/config/types.ts';
import { defined } from '../../core/lib/defined.ts';

/** The `tiers` parameter of a Stripe price for the config's tiers. */
export function stripeTiers(pricing: TieredPricing): Stripe.PriceCreateParams.Tier[] {
  return pricing.tiers.map((t) => defined({ up_to: t.upTo, unit_amount: t.unitAmount, flat_amount: t.flatAmount }));
}

/**
 * Whether a Stripe price bills exactly these tiers (or, for `null`, is per
 * unit). Reads `price.tiers`, which Stripe includes only when expanded
 * (`readStripeState` asks for it).
 */
export function sameTiers(price: Stripe.Price, wanted: TieredPricing | null): boolean {
  if (wanted === null) return price.billing_scheme === 'per_unit';
  if (price.billing_scheme !== 'tiered' || price.tiers_mode !== wanted.mode) return false;
  const have = price.tiers ?? [];
  if (have.length !== wanted.tiers.length) return false;
  return wanted.tiers.every((t, i) => {
    const h = have[i];
    return (
      h !== undefined &&
      h.up_to === (t.upTo === 'inf' ? null : t.upTo) &&
      (h.unit_amount ?? 0) === (t.unitAmount ?? 0) &&
      (h.flat_amount ?? 0) === (t.flatAmount ?? 0)
    );
  });
}

/** `graduated 3 tiers from $0.02` for push's readable lines. */
export function describeTiers(params: { tiers_mode?: string; tiers?: Stripe.PriceCreateParams.Tier[] }): string {
  return `${params.tiers_mode ?? 'tiered'}, ${params.tiers?.length ?? 0} tiers`;
}

/** Whether a price's `currency_options` (expanded) are exactly the wanted amounts, beyond its own currency. */
export function sameCurrencyOptions(price: Stripe.Price, wanted: Record<string, number> | null): boolean {
  const have = Object.entries(price.currency_options ?? {}).filter(([c]) => c !== price.currency);
  const want = Object.entries(wanted ?? {});
  return have.length === want.length && want.every(([c, amount]) => price.currency_options?.[c]?.unit_amount === amount);
}

import type { Overage, PriceTier, TieredPricing } from './types.ts';

/** True for tiered pricing (as opposed to a flat amount per unit). */
export function isTiered(overage: Overage | null | undefined): overage is TieredPricing {
  return overage !== null && overage !== undefined && 'tiers' in overage;
}

function upper(tier: PriceTier): number {
  return tier.upTo === 'inf' ? Number.POSITIVE_INFINITY : tier.upTo;
}

/** Where a quantity stands on tiered pricing: the tier (1-based) the next unit is priced by. */
export interface TierPosition {
  /** 1-based, as a pricing table counts. */
  tier: number;
  mode: TieredPricing['mode'];
  /** Inclusive upper bound of the tier; null for the last. */
  upTo: number | null;
  unitAmount: number;
  flatAmount: number;
}

/**
 * The tier `quantity` falls in. Graduated: the tier of the quantity's last
 * unit (the next unit once the quantity is 0); volume: the tier the total is
 * priced at. Stripe applies the same rule when it invoices.
 */
export function tierAt(pricing: TieredPricing, quantity: number): TierPosition {
  const q = Math.max(quantity, 1);
  const index = Math.max(
    0,
    pricing.tiers.findIndex((t) => q <= upper(t)),
  );
  const tier = pricing.tiers[index] ?? pricing.tiers[pricing.tiers.length - 1];
  return {
    tier: index + 1,
    mode: pricing.mode,
    upTo: tier === undefined || tier.upTo === 'inf' ? null : tier.upTo,
    unitAmount: tier?.unitAmount ?? 0,
    flatAmount: tier?.flatAmount ?? 0,
  };
}

/** What Stripe charges for `quantity` units of tiered pricing, in minor units (integers in, an integer out). */
export function tieredAmount(pricing: TieredPricing, quantity: number): number {
  if (quantity <= 0) return 0;
  if (pricing.mode === 'volume') {
    const tier = tierAt(pricing, quantity);
    return tier.unitAmount * quantity + tier.flatAmount;
  }
  let total = 0;
  let below = 0;
  for (const tier of pricing.tiers) {
    if (quantity <= below) break;
    const inTier = Math.min(quantity, upper(tier)) - below;
    total += (tier.unitAmount ?? 0) * inTier + (tier.flatAmount ?? 0);
    below = upper(tier);
  }
  return total;
}

/** What Stripe bills for `billable` overage units: tiers, or whole `per` blocks rounded up. */
export function overageAmount(overage: Overage, billable: number): number {
  if (billable <= 0) return 0;
  if (isTiered(overage)) return tieredAmount(overage, billable);
  const per = overage.per ?? 1;
  return Math.ceil(billable / per) * overage.amount;
}

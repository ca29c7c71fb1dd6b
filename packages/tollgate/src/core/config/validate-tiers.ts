import { z } from 'zod';
import type { TieredPricing, TollgateConfig } from './types.ts';
import { isTiered } from './tiers.ts';

const minor = z.number().int('must be an integer amount in minor units').nonnegative();

/** A tiered price as the config writes it (Stripe allows at most 250 tiers). */
export const tieredPricingSchema = z.strictObject({
  mode: z.enum(['graduated', 'volume']),
  tiers: z
    .array(
      z.strictObject({
        upTo: z.union([z.number().int('must be a whole number of units').positive(), z.literal('inf')]),
        unitAmount: minor.optional(),
        flatAmount: minor.optional(),
      }),
    )
    .min(1)
    .max(250),
});

/** Problems of one tiered price: [path below it, message]. Tiers must be sorted, not overlap, and end with 'inf'. */
export function tierProblems(pricing: TieredPricing): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  let previous = 0;
  pricing.tiers.forEach((tier, i) => {
    const last = i === pricing.tiers.length - 1;
    if (tier.unitAmount === undefined && tier.flatAmount === undefined) problems.push([['tiers', i], 'give unitAmount, flatAmount or both']);
    if (tier.upTo === 'inf') {
      if (!last) problems.push([['tiers', i, 'upTo'], `only the last tier may be "inf" (tier ${i + 1} of ${pricing.tiers.length})`]);
      return;
    }
    if (tier.upTo <= previous) {
      problems.push([
        ['tiers', i, 'upTo'],
        `tiers overlap or are out of order: ${tier.upTo} is not above the previous tier's ${previous} (sort them by upTo, each higher than the last)`,
      ]);
    }
    previous = Math.max(previous, tier.upTo);
    if (last) problems.push([['tiers', i, 'upTo'], 'the last tier must be "inf" (it prices everything above the one before)']);
  });
  return problems;
}

/** Tier rules over a whole config: overage tiers and seat tiers. Paths are config paths. */
export function configTierProblems(config: TollgateConfig): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  for (const [planKey, plan] of Object.entries(config.plans)) {
    for (const [featureKey, grant] of Object.entries(plan.features)) {
      if (typeof grant !== 'object' || !isTiered(grant.overage)) continue;
      const base = ['plans', planKey, 'features', featureKey, 'overage'];
      const def = config.features[featureKey];
      if (def?.type === 'metered' && def.reset !== 'billing_period') {
        problems.push([base, `tiers price the units of a whole billing period: give "${featureKey}" reset: 'billing_period' (it is '${def.reset}')`]);
      }
      for (const [path, message] of tierProblems(grant.overage)) problems.push([[...base, ...path], message]);
    }
    for (const field of ['monthly', 'yearly'] as const) {
      const tiers = plan.seatTiers?.[field];
      if (!tiers) continue;
      const base = ['plans', planKey, 'seatTiers', field];
      if (!plan.perSeat) problems.push([base, 'seat tiers are for per-seat plans (set perSeat: true)']);
      if (plan.prices?.[field] === undefined)
        problems.push([base, `seat tiers price the ${field} seat: give prices.${field} too (the headline per-seat price)`]);
      for (const [path, message] of tierProblems(tiers)) problems.push([[...base, ...path], message]);
    }
  }
  return problems;
}

import type { Interval } from '../client/types.ts';

/**
 * A plan as the engine's config declares it (`plans` in tollgate.config.ts;
 * `PlanDefinition` in the engine). Amounts are minor units of the config's
 * currency. Extra fields (such as `features`) are ignored.
 */
export interface PricingPlan {
  name: string;
  description?: string;
  prices?: { monthly?: number; yearly?: number };
  perSeat?: boolean;
  custom?: boolean;
  trialDays?: number;
  default?: boolean;
  hidden?: boolean;
  highlights?: readonly string[];
}

export interface PlanPrice {
  amount: number;
  /** The interval this price is for: the chosen one, or the only one the plan has. */
  interval: Interval;
}

/** The plan's price for the chosen interval, falling back to its other one; null for free and custom plans. */
export function planPrice(plan: PricingPlan, interval: Interval): PlanPrice | null {
  const { monthly, yearly } = plan.prices ?? {};
  if (interval === 'year' && yearly !== undefined) return { amount: yearly, interval: 'year' };
  if (monthly !== undefined) return { amount: monthly, interval: 'month' };
  if (yearly !== undefined) return { amount: yearly, interval: 'year' };
  return null;
}

export type PlanKind = 'custom' | 'self_serve' | 'free';

export function planKind(plan: PricingPlan): PlanKind {
  if (plan.custom) return 'custom';
  return planPrice(plan, 'month') ? 'self_serve' : 'free';
}

/** True when any offered plan has a yearly price (the table then shows the interval toggle). */
export function offersYearly(plans: Record<string, PricingPlan>): boolean {
  return Object.values(plans).some((p) => !p.hidden && p.prices?.yearly !== undefined);
}

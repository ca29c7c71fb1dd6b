import { normalizeCurrency } from '../lib/money.ts';
import type { TollgateConfig } from './types.ts';

/**
 * A plan's `currencies`: real ISO codes in lowercase, not the config's own
 * currency, and only intervals the plan has a price for. Overage and seat
 * tiers are priced in the config's currency only (a subscription bills every
 * item in one currency), so such a plan cannot list other currencies.
 */
export function currencyProblems(config: TollgateConfig): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const base = (config.currency ?? 'usd').toLowerCase();
  for (const [planKey, plan] of Object.entries(config.plans)) {
    if (!plan.currencies) continue;
    const path = ['plans', planKey, 'currencies'];
    if (!plan.prices || plan.custom) problems.push([path, 'other currencies need a plan with self-serve prices']);
    const metered = Object.entries(plan.features).find(([, g]) => typeof g === 'object' && g.overage);
    if (metered) problems.push([path, `"${metered[0]}" has overage, billed in ${base} only: a plan with overage cannot list other currencies`]);
    if (plan.seatTiers) problems.push([path, `seat tiers are billed in ${base} only: a plan with seatTiers cannot list other currencies`]);
    for (const [currency, prices] of Object.entries(plan.currencies)) {
      let code: string;
      try {
        code = normalizeCurrency(currency);
      } catch (e) {
        problems.push([[...path, currency], (e as Error).message]);
        continue;
      }
      if (code !== currency) problems.push([[...path, currency], `write the currency in lowercase ("${code}")`]);
      if (code === base) problems.push([[...path, currency], `${code} is the config's currency: its prices are the plan's prices`]);
      for (const field of ['monthly', 'yearly'] as const) {
        if (prices[field] !== undefined && plan.prices?.[field] === undefined)
          problems.push([[...path, currency, field], `the plan has no ${field} price in ${base} to offer in ${code}`]);
      }
    }
  }
  return problems;
}

import type Stripe from 'stripe';
import { tieredAmount } from '../../core/config/tiers.ts';
import type { PriceTier } from '../../core/config/types.ts';
import type { Deps } from '../../core/lib/deps.ts';

/** Prices by id with their tiers and currency options: the amounts of a price never change, so they are kept for the process. */
const known = new Map<string, Stripe.Price>();

async function fullPrice(stripe: Stripe, price: Stripe.Price): Promise<Stripe.Price> {
  const cached = known.get(price.id);
  if (cached) return cached;
  const full = await stripe.prices.retrieve(price.id, { expand: ['tiers', 'currency_options'] });
  if (known.size > 1000) known.clear();
  known.set(price.id, full);
  return full;
}

function tiersOf(tiers: Stripe.Price.Tier[] | undefined | null): PriceTier[] {
  return (tiers ?? []).map((t) => ({ upTo: t.up_to ?? 'inf', unitAmount: t.unit_amount ?? 0, flatAmount: t.flat_amount ?? 0 }));
}

function needsLookup(item: Stripe.SubscriptionItem, currency: string): boolean {
  return item.price.billing_scheme === 'tiered' || item.price.currency !== currency;
}

/**
 * The per-period list amount of a subscription's licensed items in its own
 * currency, when Stripe's item does not say it: a tiered price (Stripe puts
 * tiers on a price only when expanded) or a price billed in one of its
 * `currency_options`. Null when every item's `unit_amount` answers.
 */
export async function licensedAmount(deps: Pick<Deps, 'stripe'>, sub: Stripe.Subscription): Promise<number | null> {
  const licensed = sub.items.data.filter((i) => i.price.recurring?.usage_type !== 'metered');
  if (!licensed.some((i) => needsLookup(i, sub.currency))) return null;
  let total = 0;
  for (const item of licensed) {
    const quantity = item.quantity ?? 1;
    if (!needsLookup(item, sub.currency)) {
      total += quantity * (item.price.unit_amount ?? 0);
      continue;
    }
    const price = await fullPrice(deps.stripe, item.price);
    const option = price.currency === sub.currency ? null : (price.currency_options?.[sub.currency] ?? null);
    const tiers = option ? option.tiers : price.tiers;
    if (price.billing_scheme === 'tiered')
      total += tieredAmount({ mode: price.tiers_mode === 'volume' ? 'volume' : 'graduated', tiers: tiersOf(tiers) }, quantity);
    else total += quantity * (option ? (option.unit_amount ?? 0) : (price.unit_amount ?? 0));
  }
  return total;
}

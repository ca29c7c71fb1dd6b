import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import { productKeyOf } from './desired.ts';
import type { StripeState } from './types.ts';

function isManagedPrice(price: Stripe.Price): boolean {
  return (
    parseLookupKey(price.lookup_key) !== undefined ||
    Boolean(price.metadata[METADATA.plan] ?? price.metadata[METADATA.product] ?? price.metadata[METADATA.feature])
  );
}

async function collect<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of list) out.push(item);
  return out;
}

/**
 * Reads the products, prices and meters Tollgate manages (found by metadata,
 * lookup key or meter event name), active and archived alike: an archived
 * object that matches the config again is reactivated, not duplicated.
 */
export async function readStripeState(stripe: Stripe): Promise<StripeState> {
  const [activeProducts, archivedProducts, activePrices, archivedPrices, meters] = await Promise.all([
    collect(stripe.products.list({ active: true, limit: 100 })),
    collect(stripe.products.list({ active: false, limit: 100 })),
    collect(stripe.prices.list({ active: true, limit: 100, expand: ['data.tiers', 'data.currency_options'] })),
    collect(stripe.prices.list({ active: false, limit: 100, expand: ['data.tiers', 'data.currency_options'] })),
    collect(stripe.billing.meters.list({ limit: 100 })),
  ]);
  const byId = <T extends { id: string }>(items: T[]) => [...new Map(items.map((i) => [i.id, i])).values()];
  return {
    products: byId([...activeProducts, ...archivedProducts]).filter((p) => productKeyOf(p) !== undefined),
    prices: byId([...activePrices, ...archivedPrices]).filter(isManagedPrice),
    meters: meters.filter((m) => m.event_name.startsWith('tollgate_')),
  };
}

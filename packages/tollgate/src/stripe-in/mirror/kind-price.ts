import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import { prices } from '../../core/db/schema/prices.ts';
import { idOf, metadataOf, mirrorColumns, planKeyOfPrice } from './fields.ts';
import { type Gone, isGone, retrieveOrGone } from './kind.ts';
import { rowById, tableKind } from './upsert.ts';

export type PriceRow = typeof prices.$inferSelect;

export const priceKind = tableKind<Stripe.Price, PriceRow>(rowById(prices), {
  name: 'price',
  toRow(deps, object: Stripe.Price | Gone, prev) {
    const now = deps.clock.now();
    if (isGone(object)) {
      return Promise.resolve(prev ? { ...prev, active: false, updatedAt: now } : null);
    }
    const price = object;
    const metadata = metadataOf(price.metadata);
    const parsed = parseLookupKey(price.lookup_key);
    return Promise.resolve({
      id: price.id,
      productId: idOf(price.product) ?? '',
      lookupKey: price.lookup_key,
      active: price.active,
      currency: price.currency,
      unitAmount: price.unit_amount,
      type: price.type,
      interval: price.recurring?.interval ?? null,
      intervalCount: price.recurring?.interval_count ?? null,
      usageType: price.recurring?.usage_type ?? null,
      billingScheme: price.billing_scheme,
      planKey: planKeyOfPrice(price) ?? (parsed?.kind === 'overage' ? parsed.plan : null),
      productKey: parsed?.kind === 'product' ? parsed.product : (metadata[METADATA.product] ?? null),
      featureKey: parsed?.kind === 'overage' ? parsed.feature : (metadata[METADATA.feature] ?? null),
      metadata,
      ...mirrorColumns(price, prev, now),
    });
  },
  retrieve: (stripe, id) => retrieveOrGone('price', id, () => stripe.prices.retrieve(id)),
});

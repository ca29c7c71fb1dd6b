import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import { prices } from '../../core/db/schema/prices.ts';
import { idOf, metadataOf, planKeyOfPrice, rawOf } from './fields.ts';
import { type Gone, isGone, type MirrorKind, retrieveOrGone } from './kind.ts';
import { excludedSet } from './upsert.ts';

export type PriceRow = typeof prices.$inferSelect;
const SET = excludedSet(prices);

export const priceKind: MirrorKind<Stripe.Price, PriceRow> = {
  name: 'price',
  async load(deps, id) {
    const [row] = await deps.db.select().from(prices).where(eq(prices.id, id));
    return row;
  },
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
      livemode: price.livemode,
      stripeCreated: price.created,
      sourceAt: 0,
      raw: rawOf(price),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    });
  },
  rank: () => 0,
  async save(deps, row) {
    await deps.db.insert(prices).values(row).onConflictDoUpdate({ target: prices.id, set: SET });
  },
  retrieve: (stripe, id) => retrieveOrGone('price', id, () => stripe.prices.retrieve(id)),
  hooks: () => [],
};

import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { products } from '../../core/db/schema/products.ts';
import { metadataOf, rawOf } from './fields.ts';
import { type Gone, isGone, type MirrorKind, retrieveOrGone } from './kind.ts';
import { excludedSet } from './upsert.ts';

export type ProductRow = typeof products.$inferSelect;
const SET = excludedSet(products);

export const productKind: MirrorKind<Stripe.Product, ProductRow> = {
  name: 'product',
  async load(deps, id) {
    const [row] = await deps.db.select().from(products).where(eq(products.id, id));
    return row;
  },
  toRow(deps, object: Stripe.Product | Gone, prev) {
    const now = deps.clock.now();
    const deleted = isGone(object);
    if (deleted && prev) return Promise.resolve({ ...prev, deleted: true, active: false, updatedAt: now });
    if (deleted && !('created' in object)) return Promise.resolve(null);
    const product = object as Stripe.Product;
    const metadata = metadataOf(product.metadata);
    return Promise.resolve({
      id: product.id,
      name: product.name,
      description: product.description ?? null,
      active: product.active && !deleted,
      planKey: metadata[METADATA.plan] ?? null,
      productKey: metadata[METADATA.product] ?? null,
      deleted,
      metadata,
      livemode: product.livemode,
      stripeCreated: product.created,
      sourceAt: 0,
      raw: rawOf(product),
      createdAt: prev?.createdAt ?? now,
      updatedAt: now,
    });
  },
  rank: (row) => (row.deleted ? 1 : 0),
  async save(deps, row) {
    await deps.db.insert(products).values(row).onConflictDoUpdate({ target: products.id, set: SET });
  },
  retrieve: (stripe, id) => retrieveOrGone('product', id, () => stripe.products.retrieve(id)),
  hooks: () => [],
};

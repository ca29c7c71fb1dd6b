import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { products } from '../../core/db/schema/products.ts';
import { metadataOf, mirrorColumns } from './fields.ts';
import { type Gone, isGone, retrieveOrGone } from './kind.ts';
import { rowById, tableKind } from './upsert.ts';

export type ProductRow = typeof products.$inferSelect;

export const productKind = tableKind<Stripe.Product, ProductRow>(rowById(products), {
  name: 'product',
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
      ...mirrorColumns(product, prev, now),
    });
  },
  rank: (row) => (row.deleted ? 1 : 0),
  retrieve: (stripe, id) => retrieveOrGone('product', id, () => stripe.products.retrieve(id)),
});

import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';

export interface ProductInput {
  id?: string;
  name?: string;
  active?: boolean;
  description?: string;
  metadata?: Record<string, string> | '';
  images?: string[];
  unit_label?: string;
  url?: string;
  statement_descriptor?: string;
  tax_code?: string;
  marketing_features?: { name: string }[];
  default_price?: string;
}

export function getProduct(em: Emulator, id: string, param = 'product'): Stripe.Product {
  const product = em.db.products.get(id);
  if (!product) throw resourceMissing('product', id, param);
  return product;
}

export function createProduct(em: Emulator, input: ProductInput & { name: string }): Stripe.Product {
  const id = input.id ?? em.ids.next('prod');
  if (em.db.products.has(id)) throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  const now = em.now();
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: input.images ?? [],
    livemode: false,
    marketing_features: input.marketing_features ?? [],
    metadata: initialMetadata(input.metadata),
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: input.statement_descriptor ?? null,
    tax_code: input.tax_code ?? null,
    tax_details: null,
    type: 'service',
    unit_label: input.unit_label ?? null,
    updated: now,
    url: input.url ?? null,
  };
  em.db.products.put(product);
  em.emit('product.created', product);
  return product;
}

export function updateProduct(em: Emulator, id: string, input: Omit<ProductInput, 'id'>): Stripe.Product {
  const before = getProduct(em, id, 'id');
  if (input.default_price !== undefined && input.default_price !== '') {
    const price = em.db.prices.get(input.default_price);
    if (!price) throw resourceMissing('price', input.default_price, 'default_price');
    if (price.product !== id) throw invalidRequest('The default price must belong to this product.', 'default_price');
  }
  const after: Stripe.Product = {
    ...before,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
    ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
    ...(input.images !== undefined ? { images: input.images } : {}),
    ...(input.unit_label !== undefined ? { unit_label: input.unit_label === '' ? null : input.unit_label } : {}),
    ...(input.url !== undefined ? { url: input.url === '' ? null : input.url } : {}),
    ...(input.statement_descriptor !== undefined ? { statement_descriptor: input.statement_descriptor } : {}),
    ...(input.tax_code !== undefined ? { tax_code: input.tax_code } : {}),
    ...(input.marketing_features !== undefined ? { marketing_features: input.marketing_features } : {}),
    ...(input.default_price !== undefined ? { default_price: input.default_price === '' ? null : input.default_price } : {}),
    metadata: mergeMetadata(before.metadata, input.metadata),
  };
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0) return before;
  const saved: Stripe.Product = { ...after, updated: em.now() };
  em.db.products.put(saved);
  em.emit('product.updated', saved, { previous });
  return saved;
}

export function deleteProduct(em: Emulator, id: string): Stripe.DeletedProduct {
  const product = getProduct(em, id, 'id');
  for (const price of em.db.prices.values()) {
    if (price.product === id)
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', undefined, 'product_has_prices');
  }
  em.db.products.delete(id);
  em.emit('product.deleted', product);
  return { id, object: 'product', deleted: true };
}

import type Stripe from 'stripe';
import { p } from '../../core/params.ts';
import { accepted, resourceRoutes, where, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { createPrice } from '../prices/prices.ts';
import { createProduct, deleteProduct, getProduct, updateProduct } from './products.ts';

const fields = {
  name: p.string({ nonEmpty: true }),
  active: p.bool(),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  images: p.arr(p.string(), { max: 8 }),
  unit_label: p.string(),
  url: p.string(),
  statement_descriptor: p.string({ maxLength: 22 }),
  tax_code: p.string(),
  marketing_features: p.arr(p.obj({ name: p.required(p.string()) })),
  expand: p.arr(p.string()),
};
const createShape = {
  ...fields,
  name: p.required(p.string({ nonEmpty: true })),
  id: p.string({ nonEmpty: true }),
  type: p.enum(['service', 'good']),
  shippable: p.bool(),
  default_price_data: p.obj({
    currency: p.required(p.currency()),
    unit_amount: p.int({ min: 0 }),
    unit_amount_decimal: p.decimal(),
    recurring: p.obj({ interval: p.required(p.enum(['day', 'week', 'month', 'year'])), interval_count: p.int({ min: 1 }) }),
    tax_behavior: p.enum(['exclusive', 'inclusive', 'unspecified']),
    metadata: p.emptyable(p.metadata()),
  }),
};
const updateShape = { ...fields, default_price: p.emptyable(p.string()) };

export function productRoutes(r: Router): void {
  resourceRoutes(r, 'product', (db: Db) => db.products, {
    match: { active: p.bool(), url: p.string() },
    filters: { ids: where(p.arr(p.string()), (x, ids) => ids.includes(x.id)), shippable: accepted(p.bool()) },
    search: { name: (x) => x.name, active: (x) => String(x.active), description: (x) => x.description, created: (x) => x.created },
    create: withBody(createShape, (em, { default_price_data: priceData, type: _type, shippable: _shippable, ...input }) => {
      const product = createProduct(em, input);
      if (!priceData) return product;
      const price = createPrice(em, { ...priceData, product: product.id });
      const withDefault: Stripe.Product = { ...product, default_price: price.id };
      em.db.products.put(withDefault);
      return withDefault;
    }),
    retrieve: (em, id) => getProduct(em, id, 'id'),
    update: withId(updateShape, updateProduct),
    del: deleteProduct,
  });
}

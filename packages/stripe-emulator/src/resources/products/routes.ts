import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
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
const listProductsShape = { ...listShape, active: p.bool(), ids: p.arr(p.string()), shippable: p.bool(), url: p.string() };

function readField(product: Stripe.Product, field: string, key: string | null): string | number | null | undefined {
  if (field === 'metadata') return key === null ? undefined : (product.metadata[key] ?? null);
  if (field === 'name') return product.name;
  if (field === 'active') return String(product.active);
  if (field === 'description') return product.description;
  if (field === 'created') return product.created;
  return undefined;
}

export function productRoutes(r: Router): void {
  r.post('/v1/products', ({ em, body }) => {
    const { default_price_data: priceData, type: _type, shippable: _shippable, ...input } = parseShape(createShape, body);
    const product = createProduct(em, input);
    if (!priceData) return product;
    const price = createPrice(em, { ...priceData, product: product.id });
    const withDefault: Stripe.Product = { ...product, default_price: price.id };
    em.db.products.put(withDefault);
    return withDefault;
  });
  r.get('/v1/products', ({ em, body }) => {
    const input = parseShape(listProductsShape, body);
    const ids = input.ids ? new Set(input.ids) : undefined;
    const items = em.db.products
      .newestFirst()
      .filter((x) => (input.active === undefined || x.active === input.active) && (!ids || ids.has(x.id)) && (input.url === undefined || x.url === input.url));
    return paginate(items, input, '/v1/products', 'product');
  });
  searchRoute(r, '/v1/products', (em) => em.db.products.newestFirst(), readField);
  r.get('/v1/products/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getProduct(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/products/:id', (ctx) => updateProduct(ctx.em, pathId(ctx), parseShape(updateShape, ctx.body)));
  r.delete('/v1/products/:id', (ctx) => {
    parseShape({}, ctx.body);
    return deleteProduct(ctx.em, pathId(ctx));
  });
}

import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { type Field, expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import { createPrice, getPrice, updatePrice } from './prices.ts';

const upTo: Field<number | 'inf'> = p.either(p.enum(['inf']), p.int({ min: 1 }));
const tier = p.obj({
  up_to: p.required(upTo),
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  flat_amount: p.int({ min: 0 }),
  flat_amount_decimal: p.decimal(),
});
const taxBehavior = p.enum(['exclusive', 'inclusive', 'unspecified']);
const currencyOption = p.obj({
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  tiers: p.arr(tier),
  tax_behavior: taxBehavior,
  custom_unit_amount: p.obj({ enabled: p.bool() }),
});

/** `currency_options[eur][unit_amount]`: a hash keyed by currency. */
const currencyOptions: Field<Record<string, ReturnType<typeof currencyOption.parse>>> = {
  required: false,
  parse(value, path) {
    const out: Record<string, ReturnType<typeof currencyOption.parse>> = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
    for (const [currency, v] of Object.entries(value)) out[currency] = currencyOption.parse(v, `${path}[${currency}]`);
    return out;
  },
};

const createShape = {
  currency: p.required(p.currency()),
  product: p.string({ nonEmpty: true }),
  product_data: p.obj({
    name: p.required(p.string({ nonEmpty: true })),
    active: p.bool(),
    metadata: p.emptyable(p.metadata()),
    unit_label: p.string(),
    statement_descriptor: p.string(),
    tax_code: p.string(),
  }),
  unit_amount: p.int({ min: 0 }),
  unit_amount_decimal: p.decimal(),
  billing_scheme: p.enum(['per_unit', 'tiered']),
  tiers: p.arr(tier),
  tiers_mode: p.enum(['graduated', 'volume']),
  recurring: p.obj({
    interval: p.required(p.enum(['day', 'week', 'month', 'year'])),
    interval_count: p.int({ min: 1, max: 1095 }),
    usage_type: p.enum(['licensed', 'metered']),
    meter: p.string(),
    trial_period_days: p.int({ min: 0 }),
  }),
  lookup_key: p.string({ maxLength: 200 }),
  transfer_lookup_key: p.bool(),
  nickname: p.string(),
  active: p.bool(),
  metadata: p.emptyable(p.metadata()),
  currency_options: currencyOptions,
  tax_behavior: taxBehavior,
  transform_quantity: p.obj({ divide_by: p.required(p.int({ min: 1 })), round: p.required(p.enum(['up', 'down'])) }),
  custom_unit_amount: p.obj({ enabled: p.required(p.bool()), maximum: p.int(), minimum: p.int(), preset: p.int() }),
  expand: p.arr(p.string()),
};
const updateShape = {
  active: p.bool(),
  metadata: p.emptyable(p.metadata()),
  nickname: p.string(),
  lookup_key: p.string({ maxLength: 200 }),
  transfer_lookup_key: p.bool(),
  tax_behavior: taxBehavior,
  currency_options: currencyOptions,
  expand: p.arr(p.string()),
};
const listPricesShape = {
  ...listShape,
  active: p.bool(),
  currency: p.currency(),
  product: p.string(),
  type: p.enum(['one_time', 'recurring']),
  lookup_keys: p.arr(p.string(), { max: 10 }),
  recurring: p.obj({ interval: p.enum(['day', 'week', 'month', 'year']), usage_type: p.enum(['licensed', 'metered']), meter: p.string() }),
};

function readField(price: Stripe.Price, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'metadata':
      return key === null ? undefined : (price.metadata[key] ?? null);
    case 'active':
      return String(price.active);
    case 'currency':
      return price.currency;
    case 'lookup_key':
      return price.lookup_key;
    case 'product':
      return typeof price.product === 'string' ? price.product : price.product.id;
    case 'type':
      return price.type;
    case 'created':
      return price.created;
    default:
      return undefined;
  }
}

export function priceRoutes(r: Router): void {
  r.post('/v1/prices', ({ em, body }) => {
    const { expand: _expand, ...input } = parseShape(createShape, body);
    return createPrice(em, input);
  });
  r.get('/v1/prices', ({ em, body }) => {
    const input = parseShape(listPricesShape, body);
    const keys = input.lookup_keys ? new Set(input.lookup_keys) : undefined;
    const items = em.db.prices
      .newestFirst()
      .filter(
        (x) =>
          (input.active === undefined || x.active === input.active) &&
          (input.currency === undefined || x.currency === input.currency.toLowerCase()) &&
          (input.product === undefined || x.product === input.product) &&
          (input.type === undefined || x.type === input.type) &&
          (!keys || (x.lookup_key !== null && keys.has(x.lookup_key))) &&
          (input.recurring === undefined ||
            (x.recurring !== null &&
              (input.recurring.interval === undefined || x.recurring.interval === input.recurring.interval) &&
              (input.recurring.usage_type === undefined || x.recurring.usage_type === input.recurring.usage_type) &&
              (input.recurring.meter === undefined || x.recurring.meter === input.recurring.meter))),
      );
    return paginate(items, input, '/v1/prices', 'price');
  });
  searchRoute(r, '/v1/prices', (em) => em.db.prices.newestFirst(), readField);
  r.get('/v1/prices/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getPrice(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/prices/:id', (ctx) => updatePrice(ctx.em, pathId(ctx), parseShape(updateShape, ctx.body)));
}

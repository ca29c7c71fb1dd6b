import { type Field, p, updatable } from '../../core/params.ts';
import { resourceRoutes, where, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
const updateShape = updatable(createShape, [
  'active',
  'metadata',
  'nickname',
  'lookup_key',
  'transfer_lookup_key',
  'tax_behavior',
  'currency_options',
  'expand',
]);
const recurringFilter = p.obj({ interval: p.enum(['day', 'week', 'month', 'year']), usage_type: p.enum(['licensed', 'metered']), meter: p.string() });

export function priceRoutes(r: Router): void {
  resourceRoutes(r, 'price', (db: Db) => db.prices, {
    match: { active: p.bool(), currency: p.currency(), product: p.string(), type: p.enum(['one_time', 'recurring']) },
    filters: {
      lookup_keys: where(p.arr(p.string(), { max: 10 }), (x, keys) => x.lookup_key !== null && keys.includes(x.lookup_key)),
      recurring: where(
        recurringFilter,
        (x, want) =>
          x.recurring !== null &&
          (want.interval === undefined || x.recurring.interval === want.interval) &&
          (want.usage_type === undefined || x.recurring.usage_type === want.usage_type) &&
          (want.meter === undefined || x.recurring.meter === want.meter),
      ),
    },
    search: {
      active: (x) => String(x.active),
      currency: (x) => x.currency,
      lookup_key: (x) => x.lookup_key,
      product: (x) => (typeof x.product === 'string' ? x.product : x.product.id),
      type: (x) => x.type,
      created: (x) => x.created,
    },
    create: withBody(createShape, createPrice),
    retrieve: (em, id) => getPrice(em, id, 'id'),
    update: withId(updateShape, updatePrice),
  });
}

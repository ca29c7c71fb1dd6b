import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { TAX_TYPES, createTaxRate, getTaxRate, updateTaxRate } from './tax-rates.ts';

const createShape = {
  display_name: p.required(p.string({ nonEmpty: true, maxLength: 50 })),
  inclusive: p.required(p.bool()),
  percentage: p.required(p.decimal()),
  active: p.bool(),
  country: p.string(),
  description: p.string(),
  jurisdiction: p.string({ maxLength: 50 }),
  metadata: p.emptyable(p.metadata()),
  state: p.string(),
  tax_type: p.enum(TAX_TYPES),
  expand: p.arr(p.string()),
};
const updateShape = {
  active: p.bool(),
  country: p.string(),
  description: p.string(),
  display_name: p.string({ nonEmpty: true, maxLength: 50 }),
  jurisdiction: p.string({ maxLength: 50 }),
  metadata: p.emptyable(p.metadata()),
  state: p.string(),
  tax_type: p.enum(TAX_TYPES),
  expand: p.arr(p.string()),
};

/** `/v1/tax_rates`. Rates the emulator's automatic tax uses (`txr_emu_...`) are retrievable but not listed. */
export function taxRateRoutes(r: Router): void {
  r.post('/v1/tax_rates', ({ em, body }) => {
    const { expand: _e, ...input } = parseShape(createShape, body);
    return createTaxRate(em, input);
  });
  r.get('/v1/tax_rates', ({ em, body }) => {
    const input = parseShape({ ...listShape, active: p.bool(), inclusive: p.bool() }, body);
    const items = em.db.taxRates
      .newestFirst()
      .filter(
        (x) =>
          !x.id.startsWith('txr_emu_') &&
          (input.active === undefined || x.active === input.active) &&
          (input.inclusive === undefined || x.inclusive === input.inclusive),
      );
    return paginate(items, input, '/v1/tax_rates', 'tax_rate');
  });
  r.get('/v1/tax_rates/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getTaxRate(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/tax_rates/:id', (ctx) => {
    const { expand: _e, ...input } = parseShape(updateShape, ctx.body);
    return updateTaxRate(ctx.em, pathId(ctx), input);
  });
}

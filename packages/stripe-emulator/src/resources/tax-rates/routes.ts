import { p, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
const updateShape = updatable(createShape, ['active', 'country', 'description', 'display_name', 'jurisdiction', 'metadata', 'state', 'tax_type', 'expand']);

/** `/v1/tax_rates`. Rates the emulator's automatic tax uses (`txr_emu_...`) are retrievable but not listed. */
export function taxRateRoutes(r: Router): void {
  resourceRoutes(r, 'tax_rate', (db: Db) => db.taxRates, {
    items: (em) => em.db.taxRates.newestFirst().filter((x) => !x.id.startsWith('txr_emu_')),
    match: { active: p.bool(), inclusive: p.bool() },
    create: withBody(createShape, createTaxRate),
    retrieve: (em, id) => getTaxRate(em, id, 'id'),
    update: withId(updateShape, updateTaxRate),
  });
}

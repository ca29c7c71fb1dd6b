import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { getCustomer } from './customers.ts';
import { createTaxId, deleteTaxId, getCustomerTaxId, taxIdsOf } from './tax-ids.ts';

/** `/v1/customers/:id/tax_ids`: create, list, retrieve, delete. */
export function taxIdRoutes(r: Router): void {
  r.post('/v1/customers/:id/tax_ids', (ctx) => {
    const input = parseShape({ type: p.required(p.string({ nonEmpty: true })), value: p.required(p.string()), expand: p.arr(p.string()) }, ctx.body);
    return createTaxId(ctx.em, getCustomer(ctx.em, pathId(ctx), 'customer'), input);
  });
  r.get('/v1/customers/:id/tax_ids', (ctx) => {
    const input = parseShape(listShape, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    return paginate(taxIdsOf(ctx.em, customer.id).reverse(), input, `/v1/customers/${customer.id}/tax_ids`, 'tax_id');
  });
  r.get('/v1/customers/:customer/tax_ids/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    return getCustomerTaxId(ctx.em, customer.id, pathId(ctx, 1));
  });
  r.delete('/v1/customers/:customer/tax_ids/:id', (ctx) => {
    parseShape({}, ctx.body);
    return deleteTaxId(ctx.em, getCustomer(ctx.em, pathId(ctx), 'customer'), pathId(ctx, 1));
  });
}

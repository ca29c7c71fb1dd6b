import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type RouteContext, type Router, pathId } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import { attachPaymentMethod } from '../payment-methods/payment-methods.ts';
import { balanceTransactionRoutes } from './balance-routes.ts';
import { createCustomer, deleteCustomer, getCustomer, updateCustomer } from './customers.ts';
import { registerCustomerExpansions } from './expansions.ts';
import { addressParam, shippingParam, taxExemptParam } from './fields.ts';
import { taxIdRoutes } from './tax-id-routes.ts';

const editable = {
  email: p.string({ maxLength: 512 }),
  name: p.string({ maxLength: 256 }),
  description: p.string(),
  phone: p.string(),
  balance: p.int(),
  metadata: p.emptyable(p.metadata()),
  invoice_settings: p.obj({ default_payment_method: p.emptyable(p.string()), footer: p.string() }),
  preferred_locales: p.arr(p.string()),
  address: p.emptyable(addressParam),
  shipping: p.emptyable(shippingParam),
  tax_exempt: taxExemptParam,
  invoice_prefix: p.string(),
  next_invoice_sequence: p.int({ min: 1, max: 1_000_000_000 }),
  tax: p.obj({ validate_location: p.enum(['auto', 'deferred', 'immediately']) }),
  expand: p.arr(p.string()),
};
const createShape = {
  ...editable,
  test_clock: p.string({ nonEmpty: true }),
  payment_method: p.string({ nonEmpty: true }),
  tax_id_data: p.arr(p.obj({ type: p.required(p.string({ nonEmpty: true })), value: p.required(p.string()) }), { max: 25 }),
};
const listCustomersShape = { ...listShape, email: p.string(), test_clock: p.string() };

function readField(customer: Stripe.Customer, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'email':
      return customer.email;
    case 'name':
      return customer.name ?? null;
    case 'phone':
      return customer.phone ?? null;
    case 'created':
      return customer.created;
    case 'metadata':
      return key === null ? undefined : (customer.metadata[key] ?? null);
    default:
      return undefined;
  }
}

export function customerRoutes(r: Router): void {
  registerCustomerExpansions();
  taxIdRoutes(r);
  balanceTransactionRoutes(r);
  r.post('/v1/customers', ({ em, body }: RouteContext) => {
    const input = parseShape(createShape, body);
    const customer = createCustomer(em, input);
    if (input.payment_method === undefined) return customer;
    attachPaymentMethod(em, input.payment_method, customer.id, 'payment_method');
    return em.db.customers.get(customer.id);
  });
  r.get('/v1/customers', ({ em, body }) => {
    const input = parseShape(listCustomersShape, body);
    let items = em.db.customers.newestFirst();
    if (input.email !== undefined) items = items.filter((c) => c.email === input.email);
    if (input.test_clock !== undefined) items = items.filter((c) => c.test_clock === input.test_clock);
    return paginate(items, input, '/v1/customers', 'customer');
  });
  searchRoute(r, '/v1/customers', (em) => em.db.customers.newestFirst(), readField);
  r.get('/v1/customers/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const id = pathId(ctx);
    return ctx.em.db.deletedCustomers.get(id) ?? getCustomer(ctx.em, id, 'id');
  });
  r.post('/v1/customers/:id', (ctx) => updateCustomer(ctx.em, pathId(ctx), parseShape(editable, ctx.body)));
  r.delete('/v1/customers/:id', (ctx) => {
    parseShape({}, ctx.body);
    return deleteCustomer(ctx.em, pathId(ctx));
  });
}

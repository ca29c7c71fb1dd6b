import { p } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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

export function customerRoutes(r: Router): void {
  registerCustomerExpansions();
  taxIdRoutes(r);
  balanceTransactionRoutes(r);
  resourceRoutes(r, 'customer', (db: Db) => db.customers, {
    match: { email: p.string(), test_clock: p.string() },
    search: { email: (c) => c.email, name: (c) => c.name ?? null, phone: (c) => c.phone ?? null, created: (c) => c.created },
    create: withBody(createShape, (em, input) => {
      const customer = createCustomer(em, input);
      if (input.payment_method === undefined) return customer;
      attachPaymentMethod(em, input.payment_method, customer.id, 'payment_method');
      return em.db.customers.get(customer.id);
    }),
    retrieve: (em, id) => em.db.deletedCustomers.get(id) ?? getCustomer(em, id, 'id'),
    update: withId(editable, updateCustomer),
    del: deleteCustomer,
  });
}

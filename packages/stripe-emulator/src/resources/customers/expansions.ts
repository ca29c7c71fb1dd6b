import type Stripe from 'stripe';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { customerTax } from '../tax/location.ts';

/**
 * Customer fields Stripe includes only when expanded: `subscriptions` (those not ended),
 * `tax_ids` and `tax` (automatic tax status and location).
 */
export function registerCustomerExpansions(): void {
  registerVirtualExpansion('customer', 'subscriptions', (db, customer) => {
    const data: Stripe.Subscription[] = [];
    for (const sub of db.subscriptions.values())
      if (sub.customer === customer.id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired') data.push(sub);
    return { object: 'list', data: data.reverse(), has_more: false, url: `/v1/customers/${String(customer.id)}/subscriptions` };
  });
  registerVirtualExpansion('customer', 'tax_ids', (db, customer) => {
    const data: Stripe.TaxId[] = [];
    for (const taxId of db.taxIds.values()) if (taxId.customer === customer.id) data.push(taxId);
    return { object: 'list', data: data.reverse(), has_more: false, url: `/v1/customers/${String(customer.id)}/tax_ids` };
  });
  registerVirtualExpansion('customer', 'tax', (db, customer) => {
    const stored = db.customers.get(String(customer.id));
    return stored ? customerTax(stored) : undefined;
  });
}

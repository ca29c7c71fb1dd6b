import { invalidRequest } from '../../errors.ts';
import { p } from '../../core/params.ts';
import { withBody } from '../../core/resource-routes.ts';
import type { Router } from '../../core/router.ts';
import { automaticTaxParam } from '../tax/params.ts';
import { previewInvoice } from './preview.ts';

const itemSpec = p.obj({
  id: p.string(),
  price: p.string(),
  plan: p.string(),
  quantity: p.int({ min: 0 }),
  deleted: p.bool(),
  clear_usage: p.bool(),
  metadata: p.emptyable(p.metadata()),
  tax_rates: p.emptyable(p.arr(p.string())),
});
const previewShape = {
  customer: p.string(),
  subscription: p.string(),
  schedule: p.string(),
  automatic_tax: automaticTaxParam,
  subscription_details: p.obj({
    items: p.arr(itemSpec),
    proration_behavior: p.enum(['create_prorations', 'none', 'always_invoice']),
    proration_date: p.int(),
    cancel_at_period_end: p.bool(),
    trial_end: p.timestamp({ now: true }),
    default_tax_rates: p.emptyable(p.arr(p.string())),
  }),
  invoice_items: p.arr(
    p.obj({
      price: p.string(),
      quantity: p.int({ min: 1 }),
      amount: p.int(),
      currency: p.currency(),
      description: p.string(),
      tax_rates: p.emptyable(p.arr(p.string())),
    }),
  ),
  expand: p.arr(p.string()),
};

/** `POST /v1/invoices/create_preview`. */
export function invoiceQueryRoutes(r: Router): void {
  r.post(
    '/v1/invoices/create_preview',
    withBody(previewShape, (em, input) => {
      // Stripe previews a subscription, a schedule or invoice items, never "the customer" as a whole.
      if (input.subscription === undefined && input.schedule === undefined && !input.subscription_details?.items?.length && !input.invoice_items?.length) {
        throw invalidRequest(
          'You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.',
          'subscription',
          'parameter_missing',
        );
      }
      return previewInvoice(em, input);
    }),
  );
}

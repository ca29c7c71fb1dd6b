import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import { p, parseShape } from '../../core/params.ts';
import type { Router } from '../../core/router.ts';
import { searchRoute } from '../../core/search-route.ts';
import { automaticTaxParam } from '../tax/params.ts';
import { subscriptionIdOf } from './invoices.ts';
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

function readField(invoice: Stripe.Invoice, field: string, key: string | null): string | number | null | undefined {
  switch (field) {
    case 'created':
      return invoice.created;
    case 'currency':
      return invoice.currency;
    case 'customer':
      return typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null);
    case 'number':
      return invoice.number;
    case 'status':
      return invoice.status;
    case 'subscription':
      return subscriptionIdOf(invoice);
    case 'total':
      return invoice.total;
    case 'metadata':
      return key === null ? undefined : (invoice.metadata?.[key] ?? null);
    default:
      return undefined;
  }
}

/** `POST /v1/invoices/create_preview` and `GET /v1/invoices/search`. */
export function invoiceQueryRoutes(r: Router): void {
  r.post('/v1/invoices/create_preview', ({ em, body }) => {
    const { expand: _e, ...input } = parseShape(previewShape, body);
    // Stripe previews a subscription, a schedule or invoice items, never "the customer" as a whole.
    if (input.subscription === undefined && input.schedule === undefined && !input.subscription_details?.items?.length && !input.invoice_items?.length) {
      throw invalidRequest(
        'You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.',
        'subscription',
        'parameter_missing',
      );
    }
    return previewInvoice(em, input);
  });
  searchRoute(r, '/v1/invoices', (em) => em.db.invoices.newestFirst(), readField);
}

import type Stripe from 'stripe';
import { p } from '../../core/params.ts';
import { equals, findOrMissing, resourceRoutes, where } from '../../core/resource-routes.ts';
import type { Router } from '../../core/router.ts';

export function invoicePaymentRoutes(r: Router): void {
  resourceRoutes<Stripe.InvoicePayment>(r, {
    path: '/v1/invoice_payments',
    object: 'invoice_payment',
    items: (em) => em.db.invoicePayments.newestFirst(),
    filters: {
      invoice: equals(p.string(), (x) => x.invoice),
      payment: where(
        p.obj({ type: p.enum(['payment_intent', 'payment_record']), payment_intent: p.string() }),
        (x, payment) => payment.payment_intent === undefined || x.payment.payment_intent === payment.payment_intent,
      ),
      status: equals(p.enum(['canceled', 'open', 'paid']), (x) => x.status),
    },
    retrieve: (em, id) => findOrMissing(em.db.invoicePayments, 'invoice_payment', id),
  });
}

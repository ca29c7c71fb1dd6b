import { p } from '../../core/params.ts';
import { findOrMissing, resourceRoutes, where } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';

export function invoicePaymentRoutes(r: Router): void {
  resourceRoutes(r, 'invoice_payment', (db: Db) => db.invoicePayments, {
    match: { invoice: p.string(), status: p.enum(['canceled', 'open', 'paid']) },
    filters: {
      payment: where(
        p.obj({ type: p.enum(['payment_intent', 'payment_record']), payment_intent: p.string() }),
        (x, payment) => payment.payment_intent === undefined || x.payment.payment_intent === payment.payment_intent,
      ),
    },
    retrieve: (em, id) => findOrMissing(em.db.invoicePayments, 'invoice_payment', id),
  });
}

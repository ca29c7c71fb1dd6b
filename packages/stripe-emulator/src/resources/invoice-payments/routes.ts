import { resourceMissing } from '../../errors.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';

export function invoicePaymentRoutes(r: Router): void {
  r.get('/v1/invoice_payments', ({ em, body }) => {
    const input = parseShape(
      {
        ...listShape,
        invoice: p.string(),
        payment: p.obj({ type: p.enum(['payment_intent', 'payment_record']), payment_intent: p.string() }),
        status: p.enum(['canceled', 'open', 'paid']),
      },
      body,
    );
    const items = em.db.invoicePayments
      .newestFirst()
      .filter(
        (x) =>
          (input.invoice === undefined || x.invoice === input.invoice) &&
          (input.payment?.payment_intent === undefined || x.payment.payment_intent === input.payment.payment_intent) &&
          (input.status === undefined || x.status === input.status),
      );
    return paginate(items, input, '/v1/invoice_payments', 'invoice_payment');
  });
  r.get('/v1/invoice_payments/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const payment = ctx.em.db.invoicePayments.get(pathId(ctx));
    if (!payment) throw resourceMissing('invoice_payment', pathId(ctx), 'id');
    return payment;
  });
}

import type Stripe from 'stripe';
import { paginate } from '../../core/list.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { getBalanceTransaction, recordBalanceTransaction } from './balance.ts';
import { getCustomer } from './customers.ts';

const createShape = {
  amount: p.required(p.int()),
  currency: p.required(p.currency()),
  description: p.string({ maxLength: 350 }),
  metadata: p.emptyable(p.metadata()),
  expand: p.arr(p.string()),
};
const updateShape = { description: p.string({ maxLength: 350 }), metadata: p.emptyable(p.metadata()), expand: p.arr(p.string()) };

/** `/v1/customers/:id/balance_transactions`: manual adjustments (credits are negative), and the automatic ones invoices and credit notes record. */
export function balanceTransactionRoutes(r: Router): void {
  r.post('/v1/customers/:id/balance_transactions', (ctx) => {
    const input = parseShape(createShape, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    return recordBalanceTransaction(ctx.em, customer.id, {
      amount: input.amount,
      currency: input.currency,
      type: 'adjustment',
      description: input.description ?? null,
      metadata: input.metadata,
      at: ctx.em.timeFor(customer.test_clock),
    });
  });
  r.get('/v1/customers/:id/balance_transactions', (ctx) => {
    const input = parseShape({ ...listShape, invoice: p.string() }, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    const items = ctx.em.db.balanceTransactions
      .newestFirst()
      .filter((t) => t.customer === customer.id && (input.invoice === undefined || t.invoice === input.invoice));
    return paginate(items, input, `/v1/customers/${customer.id}/balance_transactions`, 'customer_balance_transaction');
  });
  r.get('/v1/customers/:customer/balance_transactions/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    return getBalanceTransaction(ctx.em, customer.id, pathId(ctx, 1));
  });
  r.post('/v1/customers/:customer/balance_transactions/:id', (ctx) => {
    const input = parseShape(updateShape, ctx.body);
    const customer = getCustomer(ctx.em, pathId(ctx), 'customer');
    const before = getBalanceTransaction(ctx.em, customer.id, pathId(ctx, 1));
    const after: Stripe.CustomerBalanceTransaction = {
      ...before,
      ...(input.description !== undefined ? { description: input.description === '' ? null : input.description } : {}),
      metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    };
    ctx.em.db.balanceTransactions.put(after);
    return after;
  });
}

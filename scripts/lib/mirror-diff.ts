// Compares the local mirror (Postgres) with the emulator's state, object by object.
import type pg from 'pg';
import type Stripe from 'stripe';

export interface Diff {
  kind: string;
  id: string;
  field: string;
  stripe: unknown;
  mirror: unknown;
}

const seconds = (value: unknown) => (value === null || value === undefined ? null : Math.floor(new Date(value as string).getTime() / 1000));

function compare(kind: string, stripeRows: Map<string, Record<string, unknown>>, mirrorRows: Map<string, Record<string, unknown>>, diffs: Diff[]): number {
  for (const [id, wanted] of stripeRows) {
    const row = mirrorRows.get(id);
    if (!row) {
      diffs.push({ kind, id, field: '(missing)', stripe: 'present', mirror: null });
      continue;
    }
    for (const [field, value] of Object.entries(wanted)) {
      if (JSON.stringify(row[field]) !== JSON.stringify(value)) diffs.push({ kind, id, field, stripe: value, mirror: row[field] });
    }
  }
  for (const id of mirrorRows.keys()) if (!stripeRows.has(id)) diffs.push({ kind, id, field: '(extra)', stripe: null, mirror: 'present' });
  return stripeRows.size;
}

/** Every customer, subscription, invoice, attached payment method, product and price: the fields the engine reads. */
export async function diffMirror(stripe: Stripe, db: pg.Pool): Promise<{ compared: Record<string, number>; diffs: Diff[] }> {
  const diffs: Diff[] = [];
  const compared: Record<string, number> = {};
  const all = <T>(list: AsyncIterable<T>) =>
    (list as unknown as { autoPagingToArray(o: { limit: number }): Promise<T[]> }).autoPagingToArray({ limit: 10_000 });
  const rows = async (text: string) => new Map((await db.query<Record<string, unknown> & { id: string }>(text)).rows.map((r) => [r.id, r]));

  const customers = await all(stripe.customers.list({ limit: 100 }));
  compared.customers = compare(
    'customer',
    new Map(customers.map((c) => [c.id, { email: c.email ?? null, deleted: false }])),
    await rows(`select stripe_customer_id as id, email, deleted from customers where stripe_customer_id is not null`),
    diffs,
  );
  const subscriptions = await all(stripe.subscriptions.list({ limit: 100, status: 'all' }));
  const subRows = await rows(`select id, status, cancel_at_period_end, price_ids, quantity, current_period_end from subscriptions`);
  for (const row of subRows.values()) {
    row.price_ids = [...(row.price_ids as string[])].sort();
    row.current_period_end = seconds(row.current_period_end);
  }
  compared.subscriptions = compare(
    'subscription',
    new Map(
      subscriptions.map((s) => [
        s.id,
        {
          status: s.status,
          cancel_at_period_end: s.cancel_at_period_end,
          price_ids: s.items.data.map((i) => i.price.id).sort(),
          current_period_end: s.items.data[0]?.current_period_end ?? null,
        },
      ]),
    ),
    subRows,
    diffs,
  );
  const invoices = await all(stripe.invoices.list({ limit: 100 }));
  const invoiceRows = await rows(`select id, status, amount_due::int as amount_due, amount_paid::int as amount_paid, attempt_count from invoices`);
  compared.invoices = compare(
    'invoice',
    new Map(invoices.map((i) => [i.id ?? '', { status: i.status, amount_due: i.amount_due, amount_paid: i.amount_paid, attempt_count: i.attempt_count }])),
    invoiceRows,
    diffs,
  );
  const attached = new Map<string, Record<string, unknown>>();
  for (const c of customers)
    for (const pm of await all(stripe.customers.listPaymentMethods(c.id, { limit: 100 }))) attached.set(pm.id, { stripe_customer_id: c.id });
  compared.payment_methods = compare(
    'payment_method',
    attached,
    await rows(`select id, stripe_customer_id from payment_methods where stripe_customer_id is not null`),
    diffs,
  );
  const products = await all(stripe.products.list({ limit: 100 }));
  compared.products = compare('product', new Map(products.map((p) => [p.id, { active: p.active }])), await rows(`select id, active from products`), diffs);
  const prices = await all(stripe.prices.list({ limit: 100 }));
  compared.prices = compare('price', new Map(prices.map((p) => [p.id, { active: p.active }])), await rows(`select id, active from prices`), diffs);
  return { compared, diffs };
}

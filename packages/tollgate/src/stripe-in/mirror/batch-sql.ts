import { type SQL, sql } from 'drizzle-orm';
import { customers } from '../../core/db/schema/customers.ts';
import { invoices } from '../../core/db/schema/invoices.ts';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { rowCodec } from './batch-ops.ts';
import type { MirrorRow } from './kind.ts';
import type { CustomerRow } from './kind-customer.ts';
import type { InvoiceRow } from './kind-invoice.ts';
import type { PaymentMethodRow } from './kind-payment-method.ts';
import type { SubscriptionItemRow, SubscriptionRow } from './subscription-row.ts';

// The webhook batch's statements (mirror/batch.ts): the load and the save.

/** The set-based kinds' rows as JSON, both ways, and their select and upsert SQL. */
export const CODECS = {
  customer: rowCodec<CustomerRow>(customers, ['id', 'createdAt', 'externalId', 'timeZone']),
  subscription: rowCodec<SubscriptionRow>(subscriptions),
  subscription_item: rowCodec<SubscriptionItemRow>(subscriptionItems, ['id']),
  invoice: rowCodec<InvoiceRow>(invoices),
  payment_method: rowCodec<PaymentMethodRow>(paymentMethods),
};

const inList = (column: string, values: Iterable<string>): SQL =>
  sql`${sql.raw(column)} in (select jsonb_array_elements_text(${JSON.stringify([...values])}::jsonb))`;

/** One statement: every row a batch reads, one JSON array a kind (customers by Stripe id or by external id). */
export function loadSql(ids: {
  subscriptions: Iterable<string>;
  invoices: Iterable<string>;
  paymentMethods: Iterable<string>;
  stripeIds: Iterable<string>;
  externalIds: Iterable<string>;
}): SQL {
  return sql`select
    ${CODECS.subscription.select(inList('id', ids.subscriptions))} as subscription,
    ${CODECS.invoice.select(inList('id', ids.invoices))} as invoice,
    ${CODECS.payment_method.select(inList('id', ids.paymentMethods))} as payment_method,
    ${CODECS.customer.select(sql`${inList('stripe_customer_id', ids.stripeIds)} or ${inList('external_id', ids.externalIds)}`)} as customer`;
}

/** One statement: every row the batch changed, the links of new customers, and the hooks. */
export function saveSql(
  now: Date,
  changed: { kind: { name: string }; row: MirrorRow & { id: string } }[],
  newCustomers: Map<string, string>,
  hooks: Record<string, unknown>[],
): SQL {
  const rowsOf = <R>(name: string) => changed.filter((c) => c.kind.name === name).map((c) => c.row as unknown as R);
  const parts: SQL[] = [];
  const customerRows = rowsOf<CustomerRow>('customer');
  if (customerRows.length > 0) parts.push(CODECS.customer.upsert(CODECS.customer.toJson(customerRows)));
  const subs = rowsOf<SubscriptionRow>('subscription');
  if (subs.length > 0) {
    parts.push(CODECS.subscription.upsert(CODECS.subscription.toJson(subs)));
    const withItems = subs.filter((s) => s.items !== null);
    if (withItems.length > 0) {
      const sets = withItems.map((s) => ({ id: s.id, item_ids: (s.items ?? []).map((i) => i.id) }));
      parts.push(sql`delete from subscription_items si
        using jsonb_to_recordset(${JSON.stringify(sets)}::jsonb) as k(id text, item_ids jsonb)
        where si.subscription_id = k.id and not (k.item_ids ? si.id)`);
      const items = withItems.flatMap((s) => s.items ?? []);
      if (items.length > 0) parts.push(CODECS.subscription_item.upsert(CODECS.subscription_item.toJson(items)));
    }
  }
  const invoiceRows = rowsOf<InvoiceRow>('invoice');
  if (invoiceRows.length > 0) parts.push(CODECS.invoice.upsert(CODECS.invoice.toJson(invoiceRows)));
  const pmRows = rowsOf<PaymentMethodRow>('payment_method');
  if (pmRows.length > 0) parts.push(CODECS.payment_method.upsert(CODECS.payment_method.toJson(pmRows)));
  if (newCustomers.size > 0) {
    // Objects mirrored before their customer (not in this batch, which points them already) now point at it.
    const links = JSON.stringify([...newCustomers].map(([stripe_customer_id, id]) => ({ stripe_customer_id, id })));
    const savedIds = JSON.stringify(changed.filter((c) => c.kind.name !== 'customer').map((c) => c.row.id));
    for (const table of ['subscriptions', 'invoices', 'payment_methods', 'purchases']) {
      parts.push(sql`update ${sql.raw(table)} t set customer_id = l.id
        from jsonb_to_recordset(${links}::jsonb) as l(stripe_customer_id text, id text)
        where t.stripe_customer_id = l.stripe_customer_id and t.customer_id is distinct from l.id
          and not (${savedIds}::jsonb ? t.id)`);
    }
  }
  if (hooks.length > 0) {
    parts.push(sql`insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
      select h.id, h.type, h.customer_id, h.external_id, h.object_id, h.event_id, h.payload, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(hooks)}::jsonb)
        as h(id text, type text, customer_id text, external_id text, object_id text, event_id text, payload jsonb)
      order by h.id`);
  }
  if (parts.length === 0) return sql`select 1`;
  const ctes = parts.map((part, i) => sql`${sql.raw(`w${i}`)} as (${part})`);
  return sql`with ${sql.join(ctes, sql`, `)} select 1`;
}

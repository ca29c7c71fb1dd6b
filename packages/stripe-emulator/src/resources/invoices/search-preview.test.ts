import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { payingCustomer, planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('invoice search and create_preview validation', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let customer: Stripe.Customer;
  let sub: Stripe.Subscription;
  beforeAll(async () => {
    customer = await payingCustomer(t.stripe, { invoice_prefix: 'SRCH' });
    const price = await planPrice(t.stripe, 'Searchable', 4200);
    sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { plan: 'pro' } });
  });

  it('searches invoices by customer, status, subscription, number, total and metadata', async () => {
    const draft = await t.stripe.invoices.create({ customer: customer.id, metadata: { kind: 'manual' } });
    const byCustomer = await t.stripe.invoices.search({ query: `customer:'${customer.id}'` });
    expect(byCustomer.data.map((i) => i.id)).toEqual([draft.id, sub.latest_invoice]);
    expect((await t.stripe.invoices.search({ query: `customer:'${customer.id}' AND status:'paid'` })).data.map((i) => i.id)).toEqual([sub.latest_invoice]);
    expect((await t.stripe.invoices.search({ query: `subscription:'${sub.id}'` })).data).toHaveLength(1);
    expect((await t.stripe.invoices.search({ query: `number:'SRCH-0001'` })).data.map((i) => i.id)).toEqual([sub.latest_invoice]);
    expect((await t.stripe.invoices.search({ query: `total>4000 AND customer:'${customer.id}'` })).data).toHaveLength(1);
    expect((await t.stripe.invoices.search({ query: `metadata['kind']:'manual'` })).data.map((i) => i.id)).toEqual([draft.id]);
    const page = await t.stripe.invoices.search({ query: `customer:'${customer.id}'`, limit: 1 });
    expect(page).toMatchObject({ object: 'search_result', has_more: true, url: '/v1/invoices/search' });
    expect(await rejectionOf(t.stripe.invoices.search({ query: 'colour:"red"' }))).toMatchObject({ statusCode: 400, param: 'query' });
    expect(await rejectionOf(t.stripe.invoices.search({} as Stripe.InvoiceSearchParams))).toMatchObject({ code: 'parameter_missing', param: 'query' });
  });

  it('refuses a preview of only a customer, naming what is missing, and previews what it names', async () => {
    const error = await rejectionOf(t.stripe.invoices.createPreview({ customer: customer.id }));
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'subscription' });
    expect(error.message).toContain('subscription_details.items');
    expect(await rejectionOf(t.stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [] } }))).toMatchObject({
      statusCode: 400,
      param: 'subscription',
    });
    const renewal = await t.stripe.invoices.createPreview({ subscription: sub.id });
    expect(renewal).toMatchObject({ total: 4200, billing_reason: 'upcoming' });
    const items = await t.stripe.invoices.createPreview({ customer: customer.id, invoice_items: [{ amount: 700, currency: 'usd', description: 'Extra' }] });
    expect(items.total).toBe(700);
    expect(await rejectionOf(t.stripe.invoices.createPreview({ schedule: 'sub_sched_missing' }))).toMatchObject({ statusCode: 404, param: 'schedule' });
  });
});

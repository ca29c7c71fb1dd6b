import { beforeAll, describe, expect, it } from 'vitest';
import { planPrice } from './testing/fixtures.ts';
import { suiteEmulator } from './testing/sdk.ts';

/**
 * The same bad-input cases for every route: an unknown parameter, a mistyped one and an unknown
 * id each get Stripe's error naming the parameter, and nothing in the store changes.
 */
describe('every route answers bad input the Stripe way and changes nothing', () => {
  const t = suiteEmulator();
  let ids: Record<string, string>;
  beforeAll(async () => {
    const customer = await t.stripe.customers.create({ email: 'contract@example.com', payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const price = await planPrice(t.stripe, 'Contract', 500);
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const seat = await planPrice(t.stripe, 'Seat', 100);
    const pi = await t.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: customer.id, payment_method: pm.id, confirm: true });
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
    const taxRate = await t.stripe.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 20 });
    const taxId = await t.stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });
    const txn = await t.stripe.customers.createBalanceTransaction(customer.id, { amount: -100, currency: 'usd' });
    const note = await t.stripe.creditNotes.create({ invoice: sub.latest_invoice as string, amount: 100, out_of_band_amount: 100 });
    const si = await t.stripe.setupIntents.create({ customer: customer.id });
    await t.stripe.billing.meters.create({ display_name: 'Calls', event_name: 'contract_calls', default_aggregation: { formula: 'sum' } });
    ids = {
      customer: customer.id,
      price: price.id,
      seat: seat.id,
      product: price.product as string,
      pm: pm.id,
      sub: sub.id,
      item: sub.items.data[0]!.id,
      invoice: sub.latest_invoice as string,
      pi: pi.id,
      charge: pi.latest_charge as string,
      refund: refund.id,
      taxRate: taxRate.id,
      taxId: taxId.id,
      txn: txn.id,
      note: note.id,
      si: si.id,
    };
  });

  function snapshot(): string {
    return t.emulator.emulator.db.log.collections.map((c) => `${c.name}:${c.size}`).join(',') + `|${t.emulator.emulator.db.log.version}`;
  }

  async function call(method: string, path: string, body?: string): Promise<{ status: number; error: { type: string; code?: string; param?: string } }> {
    const init: RequestInit = { method, headers: { authorization: 'Bearer sk_test_contract', 'content-type': 'application/x-www-form-urlencoded' } };
    const url = method === 'GET' && body ? `${t.emulator.url}${path}?${body}` : `${t.emulator.url}${path}`;
    if (method !== 'GET' && body !== undefined) init.body = body;
    const res = await fetch(url, init);
    return { status: res.status, error: ((await res.json()) as { error: { type: string; code?: string; param?: string } }).error };
  }

  const writes = (): [string, string, string][] => [
    ['POST', '/v1/customers', 'email=a%40b.co'],
    ['POST', `/v1/customers/${ids.customer}`, 'name=x'],
    ['POST', '/v1/products', 'name=P'],
    ['POST', `/v1/products/${ids.product}`, 'name=P2'],
    ['POST', '/v1/prices', `currency=usd&unit_amount=1&product=${ids.product}`],
    ['POST', `/v1/prices/${ids.price}`, 'nickname=n'],
    ['POST', '/v1/payment_methods', 'type=card&card[token]=tok_visa'],
    ['POST', `/v1/payment_methods/${ids.pm}`, 'metadata[a]=b'],
    ['POST', '/v1/setup_intents', `customer=${ids.customer}`],
    ['POST', '/v1/payment_intents', 'amount=100&currency=usd'],
    ['POST', '/v1/subscriptions', `customer=${ids.customer}&items[0][price]=${ids.price}`],
    ['POST', `/v1/subscriptions/${ids.sub}`, 'description=d'],
    ['POST', '/v1/invoices', `customer=${ids.customer}`],
    ['POST', `/v1/invoices/${ids.invoice}`, 'description=d'],
    ['POST', '/v1/invoiceitems', `customer=${ids.customer}&amount=100&currency=usd`],
    ['POST', '/v1/webhook_endpoints', 'url=http%3A%2F%2F127.0.0.1%3A9%2Fh&enabled_events[0]=*'],
    ['POST', '/v1/test_helpers/test_clocks', 'frozen_time=1700000000'],
    ['POST', '/v1/invoices/create_preview', `subscription=${ids.sub}`],
    ['POST', `/v1/customers/${ids.customer}/tax_ids`, 'type=eu_vat&value=DE123456789'],
    ['POST', `/v1/customers/${ids.customer}/balance_transactions`, 'amount=-100&currency=usd'],
    ['POST', `/v1/customers/${ids.customer}/balance_transactions/${ids.txn}`, 'description=d'],
    ['DELETE', `/v1/customers/${ids.customer}/tax_ids/${ids.taxId}`, ''],
    ['POST', '/v1/tax_rates', 'display_name=VAT&inclusive=false&percentage=20'],
    ['POST', `/v1/tax_rates/${ids.taxRate}`, 'display_name=V'],
    ['POST', `/v1/charges/${ids.charge}`, 'description=d'],
    ['POST', '/v1/refunds', `payment_intent=${ids.pi}&amount=1`],
    ['POST', `/v1/refunds/${ids.refund}`, 'metadata[a]=b'],
    ['POST', `/v1/refunds/${ids.refund}/cancel`, ''],
    ['POST', '/v1/credit_notes', `invoice=${ids.invoice}&amount=1&out_of_band_amount=1`],
    ['POST', `/v1/credit_notes/${ids.note}`, 'memo=m'],
    ['POST', `/v1/credit_notes/${ids.note}/void`, ''],
    ['POST', '/v1/subscription_items', `subscription=${ids.sub}&price=${ids.seat}`],
    ['POST', `/v1/subscription_items/${ids.item}`, 'quantity=2'],
    ['DELETE', `/v1/subscription_items/${ids.item}`, ''],
    ['DELETE', `/v1/subscriptions/${ids.sub}/discount`, ''],
    ['POST', `/v1/setup_intents/${ids.si}`, 'description=d'],
    ['POST', '/_emulator/listen', 'forward_to=http%3A%2F%2F127.0.0.1%3A9%2Fh'],
  ];

  /** The same cases for the JSON `/v2` routes. */
  const v2Writes = (): [string, Record<string, unknown>][] => [
    ['/v2/billing/meter_events', { event_name: 'contract_calls', payload: { stripe_customer_id: ids.customer, value: '1' } }],
    ['/v2/billing/meter_event_adjustments', { event_name: 'contract_calls', type: 'cancel', cancel: { identifier: 'x' } }],
  ];

  async function callJson(path: string, body: Record<string, unknown>): Promise<{ status: number; error: { code?: string; param?: string } }> {
    const res = await fetch(`${t.emulator.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_contract', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, error: ((await res.json()) as { error: { code?: string; param?: string } }).error };
  }

  it('rejects unknown and mistyped parameters on the v2 routes, naming them', async () => {
    for (const [path, body] of v2Writes()) {
      const before = snapshot();
      const unknown = await callJson(path, { ...body, bogus_param: 1 });
      expect({ path, status: unknown.status, code: unknown.error.code, param: unknown.error.param }).toEqual({
        path,
        status: 400,
        code: 'parameter_unknown',
        param: 'bogus_param',
      });
      const mistyped = await callJson(path, { ...body, event_name: { nested: true } });
      expect({ path, status: mistyped.status, param: mistyped.error.param }).toEqual({ path, status: 400, param: 'event_name' });
      expect(snapshot()).toBe(before);
    }
  });

  it('rejects an unknown parameter on every write, naming it', async () => {
    for (const [method, path, body] of writes()) {
      const before = snapshot();
      const { status, error } = await call(method, path, `${body}&bogus_param=1`);
      expect({ path, status, code: error.code, param: error.param }).toEqual({ path, status: 400, code: 'parameter_unknown', param: 'bogus_param' });
      expect(snapshot()).toBe(before);
    }
  });

  it('rejects a mistyped expand and a mistyped nested parameter, naming them', async () => {
    for (const [method, path, body] of writes()) {
      const before = snapshot();
      const { status, error } = await call(method, path, `${body}&metadata=notahash`);
      expect({ path, status, param: error.param }).toMatchObject({ path, status: 400, param: 'metadata' });
      expect(snapshot()).toBe(before);
    }
  });

  it('answers 404 resource_missing for unknown ids on every object route', async () => {
    const routes: [string, string, string?][] = [
      ['GET', '/v1/customers/cus_missing'],
      ['POST', '/v1/customers/cus_missing'],
      ['DELETE', '/v1/customers/cus_missing'],
      ['GET', '/v1/products/prod_missing'],
      ['GET', '/v1/prices/price_missing'],
      ['GET', '/v1/payment_methods/pm_missing'],
      ['POST', '/v1/payment_methods/pm_missing/detach'],
      ['GET', '/v1/setup_intents/seti_missing'],
      ['GET', '/v1/payment_intents/pi_missing'],
      ['POST', '/v1/payment_intents/pi_missing/confirm'],
      ['GET', '/v1/subscriptions/sub_missing'],
      ['POST', '/v1/subscriptions/sub_missing'],
      ['DELETE', '/v1/subscriptions/sub_missing'],
      ['GET', '/v1/invoices/in_missing'],
      ['POST', '/v1/invoices/in_missing/finalize'],
      ['POST', '/v1/invoices/in_missing/pay'],
      ['GET', '/v1/invoiceitems/ii_missing'],
      ['GET', '/v1/events/evt_missing'],
      ['GET', '/v1/webhook_endpoints/we_missing'],
      ['GET', '/v1/test_helpers/test_clocks/clock_missing'],
      ['POST', '/v1/test_helpers/test_clocks/clock_missing/advance', 'frozen_time=1800000000'],
      ['GET', '/v1/charges/ch_missing'],
      ['POST', '/v1/charges/ch_missing'],
      ['GET', '/v1/refunds/re_missing'],
      ['POST', '/v1/refunds/re_missing'],
      ['POST', '/v1/refunds/re_missing/cancel'],
      ['POST', '/v1/refunds', 'payment_intent=pi_missing'],
      ['GET', '/v1/tax_rates/txr_missing'],
      ['POST', '/v1/tax_rates/txr_missing'],
      ['GET', '/v1/credit_notes/cn_missing'],
      ['POST', '/v1/credit_notes/cn_missing'],
      ['POST', '/v1/credit_notes/cn_missing/void'],
      ['GET', '/v1/credit_notes/cn_missing/lines'],
      ['POST', '/v1/credit_notes', 'invoice=in_missing&amount=1'],
      ['GET', '/v1/subscription_items/si_missing'],
      ['POST', '/v1/subscription_items/si_missing'],
      ['DELETE', '/v1/subscription_items/si_missing'],
      ['POST', '/v1/subscription_items', 'subscription=sub_missing&price=price_missing'],
      ['DELETE', '/v1/subscriptions/sub_missing/discount'],
      ['POST', '/v1/setup_intents/seti_missing'],
      ['GET', '/v1/customers/cus_missing/tax_ids'],
      ['POST', '/v1/customers/cus_missing/tax_ids', 'type=eu_vat&value=DE123456789'],
      ['GET', '/v1/customers/cus_missing/tax_ids/txi_missing'],
      ['DELETE', '/v1/customers/cus_missing/tax_ids/txi_missing'],
      ['GET', '/v1/customers/cus_missing/balance_transactions'],
      ['POST', '/v1/customers/cus_missing/balance_transactions', 'amount=1&currency=usd'],
      ['GET', '/v1/customers/cus_missing/balance_transactions/cbtxn_missing'],
      ['POST', '/v1/customers/cus_missing/balance_transactions/cbtxn_missing'],
      ['DELETE', '/_emulator/listen/we_missing'],
    ];
    for (const [method, path, body] of routes) {
      const before = snapshot();
      const { status, error } = await call(method, path, body);
      expect({ path, status, code: error.code }).toEqual({ path, status: 404, code: 'resource_missing' });
      expect(snapshot()).toBe(before);
    }
  });

  it('searches validate the query and refuse unknown parameters', async () => {
    for (const path of ['/v1/invoices/search', '/v1/payment_intents/search', '/v1/charges/search']) {
      expect({ path, ...(await call('GET', path, 'query=nonsense')).error }).toMatchObject({ path, param: 'query' });
      expect({ path, ...(await call('GET', path, "query=status%3A'paid'&bogus_param=1")).error }).toMatchObject({
        path,
        code: 'parameter_unknown',
        param: 'bogus_param',
      });
      expect({ path, ...(await call('GET', path, 'limit=1')).error }).toMatchObject({ path, code: 'parameter_missing', param: 'query' });
    }
  });

  it('lists validate limit and cursors', async () => {
    for (const path of [
      '/v1/customers',
      '/v1/products',
      '/v1/prices',
      '/v1/subscriptions',
      '/v1/invoices',
      '/v1/events',
      '/v1/payment_intents',
      '/v1/invoiceitems',
      '/v1/charges',
      '/v1/refunds',
      '/v1/tax_rates',
      '/v1/credit_notes',
      `/v1/customers/${ids.customer}/tax_ids`,
      `/v1/customers/${ids.customer}/balance_transactions`,
    ]) {
      expect((await call('GET', path, 'limit=0')).error).toMatchObject({ param: 'limit' });
      expect((await call('GET', path, 'limit=abc')).error).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit' });
      expect((await call('GET', path, 'starting_after=nope_123')).status).toBe(404);
    }
  });
});

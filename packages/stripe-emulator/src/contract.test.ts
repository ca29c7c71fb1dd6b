import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './testing/sdk.ts';

/**
 * The same bad-input cases for every route: an unknown parameter, a mistyped one and an unknown
 * id each get Stripe's error naming the parameter, and nothing in the store changes.
 */
describe('every route answers bad input the Stripe way and changes nothing', () => {
  let t: TestEmulator;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await startTestEmulator();
    const customer = await t.stripe.customers.create({ email: 'contract@example.com', payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Contract' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    ids = { customer: customer.id, price: price.id, product: price.product as string, pm: pm.id, sub: sub.id, invoice: sub.latest_invoice as string };
  });
  afterAll(() => t.close());

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
    ['POST', '/v1/invoices/create_preview', `customer=${ids.customer}`],
  ];

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
    const routes: [string, string][] = [
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
      ['POST', '/v1/test_helpers/test_clocks/clock_missing/advance'],
    ];
    for (const [method, path] of routes) {
      const before = snapshot();
      const { status, error } = await call(method, path, method === 'POST' && path.endsWith('/advance') ? 'frozen_time=1800000000' : undefined);
      expect({ path, status, code: error.code }).toEqual({ path, status: 404, code: 'resource_missing' });
      expect(snapshot()).toBe(before);
    }
  });

  it('lists validate limit and cursors', async () => {
    for (const path of ['/v1/customers', '/v1/products', '/v1/prices', '/v1/subscriptions', '/v1/invoices', '/v1/events', '/v1/payment_intents', '/v1/invoiceitems']) {
      expect((await call('GET', path, 'limit=0')).error).toMatchObject({ param: 'limit' });
      expect((await call('GET', path, 'limit=abc')).error).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit' });
      expect((await call('GET', path, 'starting_after=nope_123')).status).toBe(404);
    }
  });
});

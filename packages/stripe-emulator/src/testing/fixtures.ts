import type Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { type Received, type WebhookReceiver, startReceiver } from './receiver.ts';
import type { TestEmulator } from './sdk.ts';

/**
 * A customer created with `params` (`payment_method` is `pm_card_visa` unless given) whose
 * card is then its default payment method, as a subscriber's is: the customer as updated.
 */
export async function payingCustomer(stripe: Stripe, params: Stripe.CustomerCreateParams = {}): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa', ...params });
  const pm = (await stripe.customers.listPaymentMethods(customer.id)).data[0]!;
  return stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
}

type Interval = Stripe.PriceCreateParams.Recurring.Interval;

/** A recurring price with a product of its own named `product`: USD and monthly unless `options` say otherwise. */
export function planPrice(
  stripe: Stripe,
  product: string,
  unitAmount: number,
  options: { currency?: string; interval?: Interval } = {},
): Promise<Stripe.Price> {
  const { currency = 'usd', interval = 'month' } = options;
  return stripe.prices.create({ currency, unit_amount: unitAmount, recurring: { interval }, product_data: { name: product } });
}

/**
 * Recurring USD prices of one new product named `product`, created in the order given:
 * `{ basic: 1500 }` is monthly, `{ yearly: [10_000, 'year'] }` yearly.
 */
export async function recurringPrices<K extends string>(
  stripe: Stripe,
  product: string,
  amounts: Record<K, number | [number, Interval]>,
): Promise<Record<K, Stripe.Price>> {
  const { id } = await stripe.products.create({ name: product });
  const prices: Partial<Record<K, Stripe.Price>> = {};
  for (const [name, amount] of Object.entries<number | [number, Interval]>(amounts)) {
    const [unit_amount, interval] = typeof amount === 'number' ? [amount, 'month' as const] : amount;
    prices[name as K] = await stripe.prices.create({ product: id, currency: 'usd', unit_amount, recurring: { interval } });
  }
  // Filled key by key from `amounts`.
  return prices as Record<K, Stripe.Price>;
}

export interface SuiteWebhooks {
  readonly receiver: WebhookReceiver;
  /** The endpoint's signing secret. */
  readonly secret: string;
  /** The events delivered so far, their signatures checked. */
  events(): Stripe.Event[];
  /** The events delivered once there are at least `count`. */
  waitForEvents(count: number): Promise<Stripe.Event[]>;
}

/**
 * Inside a describe, after `suiteEmulator`: a webhook receiver and an endpoint on `t` that
 * sends it `enabledEvents`, set up before the first test and closed after the last.
 */
export function suiteWebhooks(t: TestEmulator, enabledEvents: Stripe.WebhookEndpointCreateParams.EnabledEvent[]): SuiteWebhooks {
  let started: { receiver: WebhookReceiver; secret: string } | undefined;
  beforeAll(async () => {
    const receiver = await startReceiver();
    const endpoint = await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents });
    started = { receiver, secret: endpoint.secret! };
  });
  afterAll(() => started?.receiver.close());
  const current = () => {
    if (!started) throw new Error('the suite webhooks start before the first test');
    return started;
  };
  const verified = (deliveries: Received[]) =>
    deliveries.map((d) => t.stripe.webhooks.constructEvent(d.body, d.signature, current().secret, undefined, undefined, t.now()));
  return {
    get receiver() {
      return current().receiver;
    },
    get secret() {
      return current().secret;
    },
    events: () => verified(current().receiver.received),
    waitForEvents: async (count) => verified(await current().receiver.waitFor(count)),
  };
}

/** Submits a hosted page's form (Checkout, the portal) as a browser would, without following the redirect. */
export function submitForm(url: string, fields: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

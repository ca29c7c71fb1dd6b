import { afterAll, beforeAll } from 'vitest';
import { applyStripeObject, createApp, getOrCreateCustomer, loadTokenSecret, mintCustomerToken, pushConfig, type TollgateConfig, unwrap } from 'tollgate';
import { createTestDeps, type TestDeps } from 'tollgate/testing';
import type { FetchLike } from '../client/client.ts';

export const BASE_URL = 'http://tollgate.test';

/** A real engine app over a fresh PGlite schema (and a stripe-emulator when asked), called in-process. */
export interface TestEngine {
  deps: TestDeps;
  /** The app's `fetch`, for TollgateProvider; every request is recorded in `requests`. */
  fetch: FetchLike;
  requests: { method: string; path: string; status: number }[];
  tokenFor(customer: string, ttlSeconds?: number): Promise<string>;
  /** Subscribes a customer to a plan's monthly price (card 4242) in the emulator and mirrors it, as a finished Checkout would. */
  subscribe(customer: string, plan: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestEngine(options: { stripe?: boolean; config?: TollgateConfig } = {}): Promise<TestEngine> {
  const deps = await createTestDeps({ stripe: options.stripe ?? false, ...(options.config ? { config: options.config } : {}) });
  if (options.stripe) unwrap(await pushConfig(deps, { apply: true }));
  const app = createApp({ deps, rateLimit: false });
  const requests: TestEngine['requests'] = [];
  return {
    deps,
    requests,
    async fetch(url, init) {
      const response = await app.fetch(new Request(url, init));
      requests.push({ method: init.method ?? 'GET', path: new URL(url).pathname, status: response.status });
      return response;
    },
    async tokenFor(customer, ttlSeconds) {
      const secret = await loadTokenSecret(deps);
      return mintCustomerToken(secret, { customer, now: deps.clock.now(), ...(ttlSeconds ? { ttlSeconds } : {}) }).token;
    },
    async subscribe(externalId, plan) {
      const { stripe } = deps;
      const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId }));
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
      const updated = await stripe.customers.update(customer.stripeCustomerId, { invoice_settings: { default_payment_method: pm.id } });
      const [price] = (await stripe.prices.list({ lookup_keys: [`tollgate:plan:${plan}:month`] })).data;
      if (!price) throw new Error(`no monthly price for plan ${plan}`);
      const subscription = await stripe.subscriptions.create({
        customer: customer.stripeCustomerId,
        items: [{ price: price.id }],
        default_payment_method: pm.id,
      });
      // What the webhooks of a finished Checkout would bring: the subscription, its first invoice, the card.
      await applyStripeObject(deps, subscription);
      const invoiceId = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : subscription.latest_invoice?.id;
      if (invoiceId) await applyStripeObject(deps, await stripe.invoices.retrieve(invoiceId));
      await applyStripeObject(deps, updated);
      await applyStripeObject(deps, await stripe.paymentMethods.retrieve(pm.id));
    },
    close: () => deps.close(),
  };
}

/**
 * Inside a describe: one engine for its tests, started before the first
 * (options as `startTestEngine`'s) and closed after the last. What it returns
 * stands for that engine once started.
 */
export function suiteEngine(options: Parameters<typeof startTestEngine>[0] = {}): TestEngine {
  // Empty until the engine starts, then its members (closures over it): a spread copy or a method taken off it works.
  const engine = {} as TestEngine;
  beforeAll(async () => {
    Object.assign(engine, await startTestEngine(options));
  }, 120_000);
  afterAll(() => ('close' in engine ? engine.close() : undefined));
  return engine;
}

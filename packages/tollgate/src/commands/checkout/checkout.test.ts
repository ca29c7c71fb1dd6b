import { beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createCheckout } from './create.ts';
import { createPurchaseCheckout } from './create-purchase.ts';
import { syncCheckoutSession } from './sync.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const urls = { successUrl: 'https://app.test/billing/success?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://app.test/billing' };
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

/** Pays on the emulator's hosted Checkout page, as a person would. */
async function pay(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
  if (res.status !== 303) throw new Error(`checkout page answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

describe('checkout against the emulator', () => {
  const deps = perTest(() => createTestDeps({ config: { ...defaultConfig, products: { template: { name: 'Agent template', price: 900 } } } }));
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it('subscribes through the hosted page, shows the plan after sync, and refuses a second subscription', async () => {
    const session = unwrap(
      await createCheckout(deps, { customer: 'user_1', plan: 'pro', interval: 'month', email: 'ada@example.com', metadata: { tenant: 't_9' }, ...urls }),
    );
    expect(session.url).toMatch(/^http/);
    const again = unwrap(
      await createCheckout(deps, { customer: 'user_1', plan: 'pro', interval: 'month', email: 'ada@example.com', metadata: { tenant: 't_9' }, ...urls }),
    );
    expect(again.id).toBe(session.id); // a double click within the minute gets the same session

    const stripeSession = await deps.stripe.checkout.sessions.retrieve(session.id);
    expect(stripeSession).toMatchObject({ mode: 'subscription', client_reference_id: 'user_1', metadata: { tenant: 't_9', tollgate_plan: 'pro' } });

    await pay(session.url);
    const synced = unwrap(await syncCheckoutSession(deps, session.id));
    expect(synced).toMatchObject({ status: 'complete', mode: 'subscription' });
    // Pro has a 14-day trial for first-time subscribers; the app's metadata rides along.
    expect(synced.subscription).toMatchObject({ planKey: 'pro', status: 'trialing', interval: 'month', metadata: { tenant: 't_9' } });

    const second = await createCheckout(deps, { customer: 'user_1', plan: 'business', ...urls });
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'already_subscribed', param: 'customer', details: { subscription: synced.subscription?.id, plan: 'pro', use: 'changePlan' } },
    });
  });

  it('refuses a second subscription Stripe has but the mirror has not heard of yet, and repairs the mirror', async () => {
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'user_2' }));
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
    const [price] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:business:month'] })).data;
    const sub = await deps.stripe.subscriptions.create({
      customer: customer.stripeCustomerId,
      items: [{ price: price?.id ?? '' }],
      default_payment_method: pm.id,
    });
    expect(await deps.db.select().from(subscriptions)).toEqual([]);
    expect(await createCheckout(deps, { customer: 'user_2', plan: 'pro', ...urls })).toMatchObject({
      ok: false,
      error: { code: 'already_subscribed', details: { subscription: sub.id, plan: 'business' } },
    });
    expect(await deps.db.select().from(subscriptions)).toMatchObject([{ id: sub.id, status: 'active' }]);
  });

  it('checks out a raw price id with seats (seed 001) and syncs it twice without harm', async () => {
    const [price] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:business:month'] })).data;
    const session = unwrap(await createCheckout(deps, { customer: 'org_1', priceId: price?.id ?? '', seats: 2, ...urls }));
    await pay(session.url);
    const first = unwrap(await syncCheckoutSession(deps, session.id));
    const second = unwrap(await syncCheckoutSession(deps, session.id));
    expect(first.subscription).toMatchObject({ planKey: 'business', status: 'active', quantity: 2 });
    expect(second.subscription?.id).toBe(first.subscription?.id);
  });

  it('records one-time purchases of a config product and of an ad-hoc amount', async () => {
    const product = unwrap(await createPurchaseCheckout(deps, { customer: 'buyer', product: 'template', metadata: { agent: 'agt_1' }, ...urls }));
    await pay(product.url);
    const bought = unwrap(await syncCheckoutSession(deps, product.id));
    expect(bought.purchase).toMatchObject({ productKey: 'template', externalId: 'buyer', amountTotal: 900, currency: 'usd', status: 'complete' });

    const adHoc = unwrap(await createPurchaseCheckout(deps, { customer: 'buyer', amount: { amount: 2500, currency: 'USD', name: 'Research agent' }, ...urls }));
    await pay(adHoc.url);
    const paid = unwrap(await syncCheckoutSession(deps, adHoc.id));
    expect(paid.purchase).toMatchObject({ productKey: null, amountTotal: 2500, paymentStatus: 'paid' });
    expect(await syncCheckoutSession(deps, 'cs_missing')).toMatchObject({ ok: false, error: { code: 'not_found', param: 'id' } });
  });
});

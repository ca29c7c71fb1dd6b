import { afterEach, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { cancelSubscriptionNow } from '../subscriptions/cancel-now.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { createCheckout } from './create.ts';
import { syncCheckoutSession } from './sync.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';

const urls = { successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' };
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

async function pay(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
  if (res.status !== 303) throw new Error(`checkout page answered ${res.status}`);
}

describe('checkout: overage items and trials', () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('adds the metered overage prices to monthly checkouts only', async () => {
    deps = await createTestDeps({ config: TEMPLATES.marketplace?.config as TollgateConfig });
    unwrap(await pushConfig(deps, { apply: true }));
    const monthly = unwrap(await createCheckout(deps, { customer: 'm1', plan: 'pro', ...urls }));
    const items = await deps.stripe.checkout.sessions.listLineItems(monthly.id);
    expect(items.data.map((i) => i.price?.lookup_key).sort()).toEqual(['tollgate:overage:pro:executions', 'tollgate:plan:pro:month']);
    const yearly = unwrap(await createCheckout(deps, { customer: 'm2', plan: 'pro', interval: 'year', ...urls }));
    const yearlyItems = await deps.stripe.checkout.sessions.listLineItems(yearly.id);
    expect(yearlyItems.data.map((i) => i.price?.lookup_key)).toEqual(['tollgate:plan:pro:year']);
  });

  it("gives the plan's trial to first-time subscribers only; an explicit trialDays always applies", async () => {
    deps = await createTestDeps();
    unwrap(await pushConfig(deps, { apply: true }));
    const first = unwrap(await createCheckout(deps, { customer: 'u1', plan: 'pro', ...urls }));
    await pay(first.url);
    expect(unwrap(await syncCheckoutSession(deps, first.id)).subscription?.status).toBe('trialing');
    unwrap(await cancelSubscriptionNow(deps, { customer: 'u1' }));

    const second = unwrap(await createCheckout(deps, { customer: 'u1', plan: 'pro', ...urls }));
    await pay(second.url);
    expect(unwrap(await syncCheckoutSession(deps, second.id)).subscription?.status).toBe('active');
    unwrap(await cancelSubscriptionNow(deps, { customer: 'u1' }));

    const third = unwrap(await createCheckout(deps, { customer: 'u1', plan: 'business', trialDays: 7, ...urls }));
    await pay(third.url);
    const synced = unwrap(await syncCheckoutSession(deps, third.id));
    expect(synced.subscription).toMatchObject({ status: 'trialing', planKey: 'business' });
    const days = ((synced.subscription?.trialEnd?.getTime() ?? 0) - (synced.subscription?.trialStart?.getTime() ?? 0)) / 86_400_000;
    expect(days).toBe(7);
  });

  it("with { customer }, refuses another customer's session before applying anything, and bad input names the field", async () => {
    deps = await createTestDeps();
    unwrap(await pushConfig(deps, { apply: true }));
    const theirs = unwrap(await createCheckout(deps, { customer: 'owner', plan: 'pro', ...urls }));
    await pay(theirs.url);
    expect(await syncCheckoutSession(deps, theirs.id, { customer: 'intruder' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: `no Checkout Session "${theirs.id}" for this customer`, param: 'id' },
    });
    expect(await deps.db.select().from(subscriptions)).toEqual([]);
    expect(await syncCheckoutSession(deps, theirs.id, { customer: '' })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'customer' } });
    expect(unwrap(await syncCheckoutSession(deps, theirs.id, { customer: 'owner' })).subscription).toMatchObject({ planKey: 'pro' });

    // A session made outside Tollgate (no client_reference_id) is matched by its Stripe customer.
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'direct' }));
    const [price] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:business:month'] })).data;
    const direct = await deps.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.stripeCustomerId,
      line_items: [{ price: price?.id ?? '', quantity: 1 }],
      success_url: urls.successUrl,
    });
    expect(await syncCheckoutSession(deps, direct.id, { customer: 'owner' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(unwrap(await syncCheckoutSession(deps, direct.id, { customer: 'direct' }))).toMatchObject({ id: direct.id, status: 'open' });
  });
});

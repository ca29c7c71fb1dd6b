import { describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { pushConfig } from '../push/push.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createPortalSession } from './create-session.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('createPortalSession: refusals', () => {
  const deps = perTest(() => createTestDeps({ stripe: false }));

  it('names the field for bad input and for a customer Stripe does not know', async () => {
    expect(await createPortalSession(deps, { customer: '', returnUrl: 'https://app.test' })).toMatchObject({ ok: false, error: { param: 'customer' } });
    expect(await createPortalSession(deps, { customer: 'u1', returnUrl: 'app.test' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'returnUrl' },
    });
    expect(await createPortalSession(deps, { customer: 'u1', returnUrl: 'https://app.test' })).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found', param: 'customer' },
    });
  });
});

describe('createPortalSession against the emulator', () => {
  const deps = perTest(createTestDeps);

  it('opens the hosted portal for the Stripe customer of the app id, returning to the app', async () => {
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'user_7', email: 'seven@example.com' }));
    const session = unwrap(await createPortalSession(deps, { customer: 'user_7', returnUrl: 'https://app.test/settings/billing' }));
    expect(session.id).toMatch(/^bps_/);
    const page = await fetch(session.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('https://app.test/settings/billing');
    expect(customer.stripeCustomerId).toMatch(/^cus_/);
  });

  it('opens a cancel flow on the live subscription, and refuses one without a subscription', async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'user_8' }));
    expect(await createPortalSession(deps, { customer: 'user_8', returnUrl: 'https://app.test', flow: 'subscription_cancel' })).toMatchObject({
      ok: false,
      error: { code: 'subscription_not_found', param: 'flow' },
    });
    expect(await createPortalSession(deps, { customer: 'user_8', returnUrl: 'https://app.test', flow: 'nope' as never })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'flow' },
    });
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
    const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data;
    const sub = await deps.stripe.subscriptions.create({
      customer: customer.stripeCustomerId,
      items: [{ price: price?.id ?? '' }],
      default_payment_method: pm.id,
    });
    await applyStripeObject(deps, sub);
    const session = unwrap(await createPortalSession(deps, { customer: 'user_8', returnUrl: 'https://app.test', flow: 'subscription_cancel' }));
    expect((await fetch(session.url)).status).toBe(200);
    const update = unwrap(await createPortalSession(deps, { customer: 'user_8', returnUrl: 'https://app.test', flow: 'payment_method_update' }));
    expect(update.id).not.toBe(session.id);
  });
});

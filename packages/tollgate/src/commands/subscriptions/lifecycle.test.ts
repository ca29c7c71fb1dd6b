import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCheckout } from '../checkout/create.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { changePlan } from './change-plan.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const DAY = 86_400;
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
const { trialDays: _noTrial, ...pro } = defaultConfig.plans.pro;
const config = { ...defaultConfig, plans: { ...defaultConfig.plans, pro } };

const advance = advanceTestClock;

describe('lifecycle: push -> checkout -> webhook -> upgrade -> renewal -> failing card -> past_due -> canceled', () => {
  const bed = perTest(() => createWebhookTestbed({ config, toleranceSeconds: 0 }));
  const row = async (id: string) => (await bed.deps.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];
  const hooks = async () => (await bed.deps.db.select().from(outbox)).map((h) => h.type);

  it('keeps the mirror and the hooks right at every step', async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
    const start = unixSeconds(bed.deps.clock.now());
    const clock = await bed.deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    unwrap(await getOrCreateCustomer(bed.deps, { externalId: 'user_1', email: 'ada@example.com', testClock: clock.id }));

    // Checkout completed on the hosted page; the webhook brings the subscription in.
    const session = unwrap(
      await createCheckout(bed.deps, {
        customer: 'user_1',
        plan: 'pro',
        metadata: { tenant: 't1' },
        successUrl: 'https://app.test/ok',
        cancelUrl: 'https://app.test/no',
      }),
    );
    const paid = await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(paid.status).toBe(303);
    await bed.deliverNew();
    const [sub] = await bed.deps.db.select().from(subscriptions);
    if (!sub) throw new Error('no subscription mirrored from the webhooks');
    expect(sub).toMatchObject({ status: 'active', planKey: 'pro', amount: 1500, metadata: { tenant: 't1' } });
    expect(await hooks()).toEqual(expect.arrayContaining(['subscription.activated', 'payment.succeeded']));

    // Upgrade now, prorated and invoiced at once.
    const upgraded = unwrap(await changePlan(bed.deps, { customer: 'user_1', plan: 'business' }));
    expect(upgraded).toMatchObject({ direction: 'upgrade', effective: 'now', subscription: { planKey: 'business', amount: 4900 } });
    await bed.deliverNew();
    expect(await row(sub.id)).toMatchObject({ planKey: 'business', status: 'active' });
    expect((await hooks()).filter((t) => t === 'plan.changed')).toHaveLength(1);
    const proration = await bed.deps.stripe.invoices.list({ subscription: sub.id });
    expect(proration.data.filter((i) => i.status === 'paid').length).toBeGreaterThanOrEqual(2);

    // Renewal on the test clock, paid.
    const periodEnd = (await bed.deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.current_period_end ?? 0;
    await advance(bed.deps.stripe, clock.id, periodEnd + 2 * 3600);
    await bed.deliverNew();
    const renewed = await row(sub.id);
    expect(renewed).toMatchObject({ status: 'active', planKey: 'business' });
    expect(renewed?.currentPeriodStart?.getTime()).toBe(periodEnd * 1000);

    // The card starts failing: the next renewal leaves the subscription past_due, then canceled.
    const failing = await bed.deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: sub.stripeCustomerId });
    await bed.deps.stripe.customers.update(sub.stripeCustomerId, { invoice_settings: { default_payment_method: failing.id } });
    await bed.deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const nextEnd = (await bed.deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.current_period_end ?? 0;
    await advance(bed.deps.stripe, clock.id, nextEnd + 2 * 3600);
    await bed.deliverNew();
    expect(await row(sub.id)).toMatchObject({ status: 'past_due', planKey: 'business' });
    expect(await hooks()).toContain('payment.failed');

    await advance(bed.deps.stripe, clock.id, nextEnd + 30 * DAY);
    await bed.deliverNew();
    expect(await row(sub.id)).toMatchObject({ status: 'canceled' });
    expect((await hooks()).filter((t) => t === 'subscription.canceled')).toHaveLength(1);
  });
});

import { asc, like } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckout } from '../checkout/create.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { check } from '../../usage/entitlements/check.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { createWebhookTestbed, type WebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { startTrial } from './start-trial.ts';

const DAY = 86_400;
const config: TollgateConfig = {
  currency: 'usd',
  features: { reports: { type: 'boolean' } },
  plans: {
    free: { name: 'Free', default: true, features: { reports: false } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, trialDays: 14, trialWithoutCard: 'pause', features: { reports: true } },
    team: { name: 'Team', prices: { monthly: 4000 }, trialDays: 7, trialWithoutCard: 'cancel', features: { reports: true } },
    plus: { name: 'Plus', prices: { monthly: 900 }, features: { reports: true } },
  },
};

describe('trials without a card: the config', () => {
  it('needs trialDays', () => {
    const result = validateConfig({ ...config, plans: { ...config.plans, plus: { ...config.plans.plus, trialWithoutCard: 'pause' } } });
    expect(result.ok ? [] : result.error.map((e) => e.message)).toEqual([
      'tollgate.config.ts: plans.plus.trialWithoutCard: give the plan trialDays: a trial without a card is a trial',
    ]);
  });
});

describe(`trials without a card on Stripe test clocks (${testDriver()})`, { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let bed: WebhookTestbed;
  let deps: TestDeps;
  afterEach(() => deps.close());

  async function trialFor(customer: string, plan: string) {
    bed = await createWebhookTestbed({ config, toleranceSeconds: 0 });
    deps = bed.deps;
    unwrap(await pushConfig(deps, { apply: true }));
    const start = unixSeconds(deps.clock.now());
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    unwrap(await getOrCreateCustomer(deps, { externalId: customer, testClock: clock.id }));
    const row = unwrap(await startTrial(deps, { customer, plan, selfService: true }));
    await bed.deliverNew();
    return { start, clock: clock.id, row };
  }
  async function moveTo(clock: string, at: number) {
    deps.clock.set(at * 1000);
    await advanceTestClock(deps.stripe, clock, at);
    await bed.deliverNew();
  }
  const trialHooks = async () =>
    (await deps.db.select().from(outbox).where(like(outbox.type, 'trial.%')).orderBy(asc(outbox.id))).map((h) => [
      h.type,
      (h.payload as { outcome?: string }).outcome ?? null,
    ]);

  it('pauses at the end of a cardless trial: trial.will_end three days before, trial.ended, entitlements stop', async () => {
    const { start, clock, row } = await trialFor('u_pause', 'pro');
    expect(row).toMatchObject({ status: 'trialing', planKey: 'pro' });
    const sub = await deps.stripe.subscriptions.retrieve(row.id);
    expect(sub).toMatchObject({ default_payment_method: null, trial_settings: { end_behavior: { missing_payment_method: 'pause' } } });
    expect(unwrap(await check(deps, { customer: 'u_pause', feature: 'reports' }))).toMatchObject({ allowed: true, plan: 'pro' });

    await moveTo(clock, start + 11 * DAY + 3600);
    expect(await trialHooks()).toEqual([['trial.will_end', null]]);
    await moveTo(clock, start + 14 * DAY + 3600);
    expect((await deps.stripe.subscriptions.retrieve(row.id)).status).toBe('paused');
    expect((await deps.stripe.invoices.list({ subscription: row.id })).data.filter((i) => i.amount_due > 0)).toEqual([]);
    expect(await trialHooks()).toEqual([
      ['trial.will_end', null],
      ['trial.ended', 'paused'],
    ]);
    expect(unwrap(await check(deps, { customer: 'u_pause', feature: 'reports' }))).toMatchObject({
      allowed: false,
      code: 'subscription_inactive',
      plan: 'free',
    });
    // A second trial is not for a returning customer.
    expect(await startTrial(deps, { customer: 'u_pause', plan: 'pro' })).toMatchObject({ ok: false, error: { code: 'already_subscribed', param: 'customer' } });
  });

  it('cancels at the end when the plan says so, and a card added during the trial makes it bill', async () => {
    const { start, clock, row } = await trialFor('u_cancel', 'team');
    await moveTo(clock, start + 7 * DAY + 3600);
    expect((await deps.stripe.subscriptions.retrieve(row.id)).status).toBe('canceled');
    expect(await trialHooks()).toEqual([
      ['trial.will_end', null],
      ['trial.ended', 'canceled'],
    ]);
    expect(unwrap(await check(deps, { customer: 'u_cancel', feature: 'reports' }))).toMatchObject({ allowed: false, plan: 'free' });

    const other = await deps.stripe.testHelpers.testClocks.create({ frozen_time: unixSeconds(deps.clock.now()) });
    const carded = unwrap(await getOrCreateCustomer(deps, { externalId: 'u_card', testClock: other.id }));
    const second = unwrap(await startTrial(deps, { customer: 'u_card', plan: 'team' }));
    const card = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: carded.customer.stripeCustomerId });
    await deps.stripe.subscriptions.update(second.id, { default_payment_method: card.id });
    await bed.deliverNew();
    await moveTo(other.id, unixSeconds(deps.clock.now()) + 7 * DAY + 3 * 3600);
    expect((await deps.stripe.subscriptions.retrieve(second.id)).status).toBe('active');
    expect(unwrap(await check(deps, { customer: 'u_card', feature: 'reports' }))).toMatchObject({ allowed: true, plan: 'team' });
  });

  it('Checkout asks for a card only if required and carries the end behaviour', async () => {
    bed = await createWebhookTestbed({ config, toleranceSeconds: 0 });
    deps = bed.deps;
    unwrap(await pushConfig(deps, { apply: true }));
    const session = unwrap(await createCheckout(deps, { customer: 'u_co', plan: 'pro', successUrl: 'https://a.test/ok', cancelUrl: 'https://a.test/no' }));
    expect(await deps.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ payment_method_collection: 'if_required' });
    // The hosted page starts the trial with the card fields left empty.
    const page = await fetch(session.url);
    expect(await page.text()).toContain('No card is needed to start the trial');
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams({ name: 'Ada' }), redirect: 'manual' })).status).toBe(303);
    await bed.deliverNew();
    const completed = await deps.stripe.checkout.sessions.retrieve(session.id);
    const sub = await deps.stripe.subscriptions.retrieve(typeof completed.subscription === 'string' ? completed.subscription : '');
    expect(sub).toMatchObject({ status: 'trialing', default_payment_method: null, trial_settings: { end_behavior: { missing_payment_method: 'pause' } } });
    expect(unwrap(await check(deps, { customer: 'u_co', feature: 'reports' }))).toMatchObject({ allowed: true, plan: 'pro' });
    const plain = unwrap(await createCheckout(deps, { customer: 'u_co2', plan: 'plus', successUrl: 'https://a.test/ok', cancelUrl: 'https://a.test/no' }));
    expect(await deps.stripe.checkout.sessions.retrieve(plain.id)).toMatchObject({ payment_method_collection: 'always' });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createCheckout } from '../checkout/create.ts';
import { tieredAmount } from '../../core/config/tiers.ts';
import type { PriceTier, TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { check } from '../../usage/entitlements/check.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { computeMrr } from '../../reads/metrics/compute-mrr.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createRateLimiter } from '../../usage/reporter/rate-limiter.ts';
import { createReporter } from '../../usage/reporter/run-reporter.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { trackBatch } from '../../usage/ledger/track-batch.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { describeStep } from './describe.ts';
import { pushConfig } from './push.ts';

const HOUR = 3600;
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
/** Tokens beyond 1,000 included: the next 9,000 at 3 cents, up to 50,000 at 2 cents, then 1 cent plus a 500 cent flat fee. */
const graduated: { mode: 'graduated'; tiers: PriceTier[] } = {
  mode: 'graduated',
  tiers: [
    { upTo: 9000, unitAmount: 3 },
    { upTo: 50_000, unitAmount: 2 },
    { upTo: 'inf', unitAmount: 1, flatAmount: 500 },
  ],
};
/** Seats: every seat at the price of the tier the count falls in. */
const seatVolume: { mode: 'volume'; tiers: PriceTier[] } = {
  mode: 'volume',
  tiers: [
    { upTo: 5, unitAmount: 1000 },
    { upTo: 20, unitAmount: 800 },
    { upTo: 'inf', unitAmount: 600 },
  ],
};

const config: TollgateConfig = {
  currency: 'usd',
  features: { tokens: { type: 'metered', unit: 'token', reset: 'billing_period' }, members: { type: 'gauge' } },
  plans: {
    free: { name: 'Free', default: true, features: { tokens: 1000 } },
    pro: { name: 'Pro', prices: { monthly: 2000 }, features: { tokens: { included: 1000, overage: { mode: 'graduated', tiers: [...graduated.tiers] } } } },
    team: {
      name: 'Team',
      perSeat: true,
      prices: { monthly: 1000, yearly: 10_000 },
      seatTiers: { monthly: { mode: 'volume', tiers: [...seatVolume.tiers] } },
      features: { tokens: 'unlimited' },
    },
  },
};

function problems(raw: unknown): string[] {
  const result = validateConfig(raw);
  return result.ok ? [] : result.error.map((e) => e.message);
}

describe('tiered prices in the config', () => {
  it('refuses unsorted, overlapping or open-ended tiers, naming the path', () => {
    /** The config's problems with `tiers` as Pro's token overage. */
    const tierProblems = (...tiers: unknown[]) =>
      problems({
        ...config,
        plans: { ...config.plans, pro: { ...config.plans.pro, features: { tokens: { included: 1000, overage: { mode: 'graduated', tiers } } } } },
      });
    expect(tierProblems({ upTo: 5000, unitAmount: 3 }, { upTo: 5000, unitAmount: 2 }, { upTo: 'inf', unitAmount: 1 })).toEqual([
      "tollgate.config.ts: plans.pro.features.tokens.overage.tiers.1.upTo: tiers overlap or are out of order: 5000 is not above the previous tier's 5000 (sort them by upTo, each higher than the last)",
    ]);
    expect(tierProblems({ upTo: 9000, unitAmount: 3 }, { upTo: 100, unitAmount: 2 }, { upTo: 'inf', unitAmount: 1 })[0]).toContain(
      'plans.pro.features.tokens.overage.tiers.1.upTo: tiers overlap or are out of order',
    );
    expect(tierProblems({ upTo: 'inf', unitAmount: 3 }, { upTo: 100, unitAmount: 2 })).toEqual([
      'tollgate.config.ts: plans.pro.features.tokens.overage.tiers.0.upTo: only the last tier may be "inf" (tier 1 of 2)',
      'tollgate.config.ts: plans.pro.features.tokens.overage.tiers.1.upTo: the last tier must be "inf" (it prices everything above the one before)',
    ]);
    expect(tierProblems({ upTo: 'inf' })).toEqual(['tollgate.config.ts: plans.pro.features.tokens.overage.tiers.0: give unitAmount, flatAmount or both']);
    const daily = { ...config, features: { ...config.features, tokens: { type: 'metered', reset: 'day' } } };
    expect(problems(daily)[0]).toContain(
      'plans.pro.features.tokens.overage: tiers price the units of a whole billing period: give "tokens" reset: \'billing_period\'',
    );
    const notPerSeat = { ...config, plans: { ...config.plans, team: { ...config.plans.team, perSeat: false } } };
    expect(problems(notPerSeat)).toEqual(['tollgate.config.ts: plans.team.seatTiers.monthly: seat tiers are for per-seat plans (set perSeat: true)']);
  });

  it('prices graduated and volume tiers as Stripe does', () => {
    const g = graduated;
    expect(tieredAmount(g, 0)).toBe(0);
    expect(tieredAmount(g, 9000)).toBe(27_000);
    expect(tieredAmount(g, 9001)).toBe(27_002);
    expect(tieredAmount(g, 60_000)).toBe(27_000 + 41_000 * 2 + 10_000 + 500);
    const v = seatVolume;
    expect([1, 5, 6, 20, 21].map((n) => tieredAmount(v, n))).toEqual([1000, 5000, 4800, 16_000, 12_600]);
  });
});

describe(`tiered prices on Stripe (emulator, ${testDriver()})`, { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  async function subscribe(testbed: Awaited<ReturnType<typeof createWebhookTestbed>>, customer: string, plan: string, seats?: number) {
    const start = unixSeconds(testbed.deps.clock.now());
    const clock = await testbed.deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const created = unwrap(await getOrCreateCustomer(testbed.deps, { externalId: customer, testClock: clock.id }));
    const session = unwrap(
      await createCheckout(testbed.deps, { customer, plan, ...(seats ? { seats } : {}), successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' }),
    );
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' })).status).toBe(303);
    await testbed.deliverNew();
    const stripeCustomer = created.customer.stripeCustomerId;
    const sub = (await testbed.deps.stripe.subscriptions.list({ customer: stripeCustomer })).data[0];
    if (!sub) throw new Error('no subscription');
    return { start, clock: clock.id, sub, stripeCustomer };
  }

  it('pushes tiered prices once, replaces them when a tier changes, and invoices graduated overage to the cent', async () => {
    const testbed = await createWebhookTestbed({ config, toleranceSeconds: 0 });
    deps = testbed.deps;
    const first = unwrap(await pushConfig(deps, { apply: true }));
    expect(first.plan.steps.map(describeStep)).toContain('+ price    tollgate:overage:pro:tokens: graduated, 3 tiers/month metered');
    expect(first.plan.steps.map(describeStep)).toContain('+ price    tollgate:plan:team:month: volume, 3 tiers/month');
    const [overage] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:overage:pro:tokens'], expand: ['data.tiers'] })).data;
    expect(overage).toMatchObject({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, recurring: { usage_type: 'metered' } });
    expect(overage?.tiers?.map((t) => [t.up_to, t.unit_amount, t.flat_amount])).toEqual([
      [9000, 3, null],
      [50_000, 2, null],
      [null, 1, 500],
    ]);
    const [yearly] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:team:year'] })).data;
    expect(yearly).toMatchObject({ billing_scheme: 'per_unit', unit_amount: 10_000 });
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);

    // 61,000 tokens: 60,000 beyond the 1,000 included, into the third tier.
    const { start, clock, sub } = await subscribe(testbed, 'team_1', 'pro');
    deps.clock.set((start + 2 * HOUR) * 1000);
    await advanceTestClock(deps.stripe, clock, start + 2 * HOUR);
    await testbed.deliverNew();
    unwrap(await trackBatch(deps, [{ customer: 'team_1', feature: 'tokens', amount: 5000, idempotencyKey: 'a' }]));
    expect(unwrap(await check(deps, { customer: 'team_1', feature: 'tokens' })).tier).toEqual({
      tier: 1,
      mode: 'graduated',
      upTo: 9000,
      unitAmount: 3,
      flatAmount: 0,
    });
    unwrap(await trackBatch(deps, [{ customer: 'team_1', feature: 'tokens', amount: 56_000, idempotencyKey: 'b' }]));
    expect(unwrap(await check(deps, { customer: 'team_1', feature: 'tokens' }))).toMatchObject({
      used: 61_000,
      overageUsed: 60_000,
      tier: { tier: 3, mode: 'graduated', upTo: null, unitAmount: 1, flatAmount: 500 },
    });
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1, failed: 0 });

    const periodEnd = sub.items.data[0]?.current_period_end ?? 0;
    await advanceTestClock(deps.stripe, clock, periodEnd + 2 * HOUR);
    await testbed.deliverNew();
    const renewal = (await deps.stripe.invoices.list({ subscription: sub.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    if (!renewal) throw new Error('no renewal invoice');
    // 9,000 x 3 + 41,000 x 2 + 10,000 x 1 + 500 flat = 119,500 cents.
    const usage = renewal.lines.data.filter((l) => l.pricing?.price_details?.price === overage?.id).reduce((sum, l) => sum + l.amount, 0);
    expect(usage).toBe(119_500);
    expect(renewal.amount_due).toBe(2000 + 119_500);

    // A tier changes: a new price takes the lookup key, the old one is archived.
    const cheaper = validateConfig({
      ...config,
      plans: {
        ...config.plans,
        pro: {
          ...config.plans.pro,
          features: { tokens: { included: 1000, overage: { mode: 'graduated', tiers: [{ upTo: 9000, unitAmount: 2 }, ...graduated.tiers.slice(1)] } } },
        },
      },
    });
    if (!cheaper.ok) throw new Error('bad config');
    const changed = unwrap(await pushConfig({ ...deps, config: cheaper.value }, { apply: true }));
    expect(changed.plan.steps.map((s) => s.type)).toEqual(['create_price', 'archive_price']);
  });

  it('bills per-seat volume tiers: 12 seats at the second tier', async () => {
    const testbed = await createWebhookTestbed({ config, toleranceSeconds: 0 });
    deps = testbed.deps;
    unwrap(await pushConfig(deps, { apply: true }));
    const { sub } = await subscribe(testbed, 'org_1', 'team', 12);
    const invoice = (await deps.stripe.invoices.list({ subscription: sub.id })).data[0];
    expect(invoice).toMatchObject({ billing_reason: 'subscription_create', amount_due: 12 * 800, currency: 'usd' });
    // The mirror prices the tiered item from the price's tiers (Stripe leaves them off the item): MRR is 12 x $8.
    expect(await computeMrr(deps)).toEqual([{ currency: 'usd', mrr: 9600, arr: 115_200, subscriptions: 1 }]);
  });
});

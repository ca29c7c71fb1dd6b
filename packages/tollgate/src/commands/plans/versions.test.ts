import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCheckout } from '../checkout/create.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { planMigrations } from '../../core/db/schema/plan-migrations.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { check } from '../../usage/entitlements/check.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { migratePlan } from './migrate.ts';
import { previewPlanMigration } from './preview-migration.ts';
import { subscribeAt, v1Config, v2Config, withConfig } from './test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

describe('plan versions: a price change keeps existing subscribers on theirs (grandfathering)', () => {
  const bed = perTest(() => createWebhookTestbed({ config: v1Config, toleranceSeconds: 0 }));

  const lookupKeys = async () =>
    (await bed.deps.stripe.prices.list({ active: true, limit: 100 })).data
      .map((p) => [p.lookup_key, p.unit_amount, p.metadata.tollgate_plan_version ?? null])
      .sort();
  const limit = async (customer: string) => unwrap(await check(bed.deps, { customer, feature: 'messages' })).limit;

  it('bills old subscribers the old amount at renewal and new ones the new, each with their version’s limits', async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
    const clock = await bed.deps.stripe.testHelpers.testClocks.create({ frozen_time: unixSeconds(bed.deps.clock.now()) });
    const old = await subscribeAt(bed.deps, 'early_bird', 1, { testClock: clock.id });
    expect(await limit('early_bird')).toBe(1000);

    // The price change: version 2 goes in beside version 1, which keeps its price and lookup key.
    const v2 = withConfig(bed.deps, v2Config);
    const pushed = unwrap(await pushConfig(v2, { apply: true }));
    expect(pushed.plan.steps.map((s) => s.type)).toEqual(['create_price']);
    expect(await lookupKeys()).toEqual([
      ['tollgate:plan:pro:month', 1500, null],
      ['tollgate:plan:pro:month:v2', 2000, '2'],
    ]);
    expect(unwrap(await pushConfig(v2, { apply: false })).plan.steps).toEqual([]);

    // New checkouts get version 2.
    unwrap(await getOrCreateCustomer(v2, { externalId: 'newcomer', email: 'new@example.com', testClock: clock.id }));
    const session = unwrap(
      await createCheckout(v2, { customer: 'newcomer', plan: 'pro', successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' }),
    );
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' })).status).toBe(303);
    await bed.deliverNew();
    const rows = await v2.db.select().from(subscriptions);
    expect(rows.map((r) => [r.id === old.id ? 'early_bird' : 'newcomer', r.planKey, r.planVersion, r.amount]).sort()).toEqual([
      ['early_bird', 'pro', 1, 1500],
      ['newcomer', 'pro', 2, 2000],
    ]);
    const fresh = rows.find((r) => r.id !== old.id);

    // Entitlements follow each customer's version.
    expect(unwrap(await check(v2, { customer: 'early_bird', feature: 'messages' })).limit).toBe(1000);
    expect(unwrap(await check(v2, { customer: 'newcomer', feature: 'messages' })).limit).toBe(5000);

    // Renewal: each is billed its own version's amount.
    const periodEnd = Math.max(...[old.id, fresh?.id ?? ''].map((id) => rows.find((r) => r.id === id)?.currentPeriodEnd?.getTime() ?? 0)) / 1000;
    await advanceTestClock(v2.stripe, clock.id, periodEnd + 2 * 3600);
    await bed.deliverNew();
    const renewal = async (id: string) => (await v2.stripe.invoices.list({ subscription: id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(await renewal(old.id)).toMatchObject({ status: 'paid', amount_paid: 1500 });
    expect(await renewal(fresh?.id ?? '')).toMatchObject({ status: 'paid', amount_paid: 2000 });
    expect(unwrap(await check(v2, { customer: 'early_bird', feature: 'messages' })).limit).toBe(1000);
  });

  it('refuses to change a pushed version in place, naming the field, and pushes nothing', async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
    const before = await lookupKeys();
    const pro = v1Config.plans.pro;
    if (!pro) throw new Error('no pro plan');
    const dearer = await pushConfig(withConfig(bed.deps, { ...v1Config, plans: { ...v1Config.plans, pro: { ...pro, prices: { monthly: 1900 } } } }), {
      apply: true,
    });
    expect(dearer).toMatchObject({ ok: false, error: { code: 'invalid_config', param: 'plans.pro.prices.monthly' } });
    if (!dearer.ok) expect(dearer.error.message).toMatch(/version 1 of plan "pro" is live in Stripe at \$15\.00 .* raise plans\.pro\.version to 2/);
    const roomier = await pushConfig(withConfig(bed.deps, { ...v1Config, plans: { ...v1Config.plans, pro: { ...pro, features: { messages: 2000 } } } }), {
      apply: true,
    });
    expect(roomier).toMatchObject({ ok: false, error: { code: 'invalid_config', param: 'plans.pro.features' } });
    expect(await lookupKeys()).toEqual(before);
  });

  it('refuses a migration to or from a version the config does not have, naming the field, writing nothing', async () => {
    const v2 = withConfig(bed.deps, v2Config);
    unwrap(await pushConfig(v2, { apply: true }));
    await subscribeAt(v2, 'early_bird', 1);
    for (const [input, param, code] of [
      [{ plan: 'pro', from: 'v1', to: 'v3' }, 'to', 'plan_version_not_found'],
      [{ plan: 'pro', from: 'v7', to: 'v2' }, 'from', 'plan_version_not_found'],
      [{ plan: 'pro', from: 'one', to: 'v2' }, 'from', 'validation_failed'],
      [{ plan: 'pro', from: 'v2', to: 'v2' }, 'to', 'validation_failed'],
      [{ plan: 'team', from: 'v1', to: 'v2' }, 'plan', 'plan_not_found'],
      [{ plan: 'pro', from: 'v1', to: 'v2', at: 'tomorrow' }, 'at', 'validation_failed'],
    ] as const) {
      expect(await migratePlan(v2, input)).toMatchObject({ ok: false, error: { code, param } });
      expect(await previewPlanMigration(v2, input)).toMatchObject({ ok: false, error: { code, param } });
    }
    const missing = await migratePlan(v2, { plan: 'pro', from: 'v1', to: 'v3' });
    if (!missing.ok) expect(missing.error.message).toBe('plan "pro" has no version v3 in the config (versions: v1, v2)');
    expect(await v2.db.select().from(planMigrations)).toEqual([]);
    expect((await v2.db.select().from(subscriptions).where(eq(subscriptions.planKey, 'pro')))[0]?.planVersion).toBe(1);
  });
});

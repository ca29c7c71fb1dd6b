import { beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { cancelSubscription } from './cancel.ts';
import { cancelSubscriptionNow } from './cancel-now.ts';
import { changePlan } from './change-plan.ts';
import { previewPlanChange } from './preview-change.ts';
import { resumeSubscription } from './resume.ts';
import { subscribe } from './subscribe.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('subscription commands against the emulator', () => {
  const deps = perTest(createTestDeps);
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it('cancels at period end, resumes, and cancels now, mirroring each answer', async () => {
    const { sub } = await subscribe(deps, 'u1', 'pro', { email: 'u1@example.com' });
    const canceled = unwrap(await cancelSubscription(deps, { customer: 'u1' }));
    expect(canceled).toMatchObject({ id: sub.id, status: 'active', cancelAtPeriodEnd: true });
    expect((await deps.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    // Again: nothing more happens.
    expect(unwrap(await cancelSubscription(deps, { customer: 'u1' })).cancelAtPeriodEnd).toBe(true);

    const resumed = unwrap(await resumeSubscription(deps, { customer: 'u1' }));
    expect(resumed).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
    expect((await deps.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);

    const ended = unwrap(await cancelSubscriptionNow(deps, { customer: 'u1' }));
    expect(ended.status).toBe('canceled');
    expect(await cancelSubscription(deps, { customer: 'u1' })).toMatchObject({ ok: false, error: { code: 'subscription_not_found', param: 'customer' } });
  });

  it('previews and makes an upgrade now with proration, in minor units', async () => {
    const { sub } = await subscribe(deps, 'u2', 'pro', { email: 'u2@example.com' });
    const preview = unwrap(await previewPlanChange(deps, { customer: 'u2', plan: 'business' }));
    expect(preview).toMatchObject({ direction: 'upgrade', effective: 'now', currency: 'usd' });
    expect(Number.isInteger(preview.amountDue)).toBe(true);
    expect(preview.amountDue).toBeGreaterThan(0);
    expect(preview.amountDue).toBeLessThanOrEqual(4900 - 1500 + 1);

    const changed = unwrap(await changePlan(deps, { customer: 'u2', plan: 'business' }));
    expect(changed).toMatchObject({ direction: 'upgrade', effective: 'now', subscription: { id: sub.id, planKey: 'business' } });
    const fresh = await deps.stripe.subscriptions.retrieve(sub.id);
    expect(fresh.items.data[0]?.price.lookup_key).toBe('tollgate:plan:business:month');
    expect(fresh.metadata.tollgate_plan).toBe('business');
    expect(await changePlan(deps, { customer: 'u2', plan: 'business' })).toMatchObject({ ok: false, error: { code: 'nothing_to_change' } });
  });

  it('previews a downgrade as the next renewal at the lower price, and downgrades now when asked', async () => {
    await subscribe(deps, 'u4', 'business', { email: 'u4@example.com' });
    const preview = unwrap(await previewPlanChange(deps, { customer: 'u4', plan: 'pro' }));
    expect(preview).toMatchObject({ direction: 'downgrade', effective: 'period_end', currency: 'usd', prorationAmount: 0, amountDue: 1500 });
    const now = unwrap(await changePlan(deps, { customer: 'u4', plan: 'pro', when: 'now' }));
    expect(now).toMatchObject({ direction: 'downgrade', effective: 'now', subscription: { planKey: 'pro', amount: 1500 } });
    // Monthly to yearly is an upgrade even though the monthly equivalent is lower.
    const yearly = unwrap(await previewPlanChange(deps, { customer: 'u4', plan: 'pro', interval: 'year' }));
    expect(yearly).toMatchObject({ direction: 'upgrade', effective: 'now' });
  });

  it('a double click on "cancel now" is one cancelation: both calls share the idempotency key', async () => {
    const { sub } = await subscribe(deps, 'u5', 'pro', { email: 'u5@example.com' });
    const [a, b] = await Promise.all([cancelSubscriptionNow(deps, { customer: 'u5' }), cancelSubscriptionNow(deps, { customer: 'u5' })]);
    expect(unwrap(a)).toMatchObject({ id: sub.id, status: 'canceled' });
    expect(unwrap(b)).toMatchObject({ id: sub.id, status: 'canceled' });
    // A third click after both answered is still the same cancelation, until the replay window has passed.
    expect(unwrap(await cancelSubscriptionNow(deps, { customer: 'u5' }))).toMatchObject({ id: sub.id, status: 'canceled' });
    deps.clock.advance(61_000);
    expect(await cancelSubscriptionNow(deps, { customer: 'u5' })).toMatchObject({ ok: false, error: { code: 'subscription_not_found', param: 'customer' } });
  });

  it('refuses plan changes to unknown or custom plans and for customers without a subscription', async () => {
    await subscribe(deps, 'u3', 'pro', { email: 'u3@example.com' });
    expect(await changePlan(deps, { customer: 'u3', plan: 'gold' })).toMatchObject({ ok: false, error: { code: 'plan_not_found', param: 'plan' } });
    expect(await changePlan(deps, { customer: 'u3', plan: 'enterprise' })).toMatchObject({ ok: false, error: { code: 'plan_not_self_serve' } });
    expect(await changePlan(deps, { customer: 'u3', plan: 'business', interval: 'year' })).toMatchObject({
      ok: false,
      error: { code: 'price_not_found', param: 'interval' },
    });
    expect(await changePlan(deps, { customer: 'nobody', plan: 'business' })).toMatchObject({ ok: false, error: { code: 'customer_not_found' } });
  });
});

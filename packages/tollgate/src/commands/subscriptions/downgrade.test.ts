import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCheckout } from '../checkout/create.ts';
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

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

describe('downgrade at period end (subscription schedule on a test clock)', () => {
  const bed = perTest(() => createWebhookTestbed({ toleranceSeconds: 0 }));
  const row = async (id: string) => (await bed.deps.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];

  it('keeps the plan until the period ends, then renews on the cheaper plan', async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
    const clock = await bed.deps.stripe.testHelpers.testClocks.create({ frozen_time: unixSeconds(bed.deps.clock.now()) });
    unwrap(await getOrCreateCustomer(bed.deps, { externalId: 'org_1', email: 'ops@example.com', testClock: clock.id }));
    const session = unwrap(
      await createCheckout(bed.deps, { customer: 'org_1', plan: 'business', successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' }),
    );
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' })).status).toBe(303);
    await bed.deliverNew();
    const [sub] = await bed.deps.db.select().from(subscriptions);
    if (!sub) throw new Error('no subscription mirrored from the webhooks');
    expect(sub).toMatchObject({ status: 'active', planKey: 'business', amount: 4900 });

    const downgrade = unwrap(await changePlan(bed.deps, { customer: 'org_1', plan: 'pro' }));
    expect(downgrade).toMatchObject({ direction: 'downgrade', effective: 'period_end' });
    const periodEnd = (await bed.deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.current_period_end ?? 0;
    expect(downgrade.effectiveAt).toEqual(new Date(periodEnd * 1000));
    await bed.deliverNew();
    // Nothing changes before the period ends: the customer keeps what they paid for.
    expect(await row(sub.id)).toMatchObject({ planKey: 'business', amount: 4900, status: 'active' });

    await advanceTestClock(bed.deps.stripe, clock.id, periodEnd + 2 * 3600);
    await bed.deliverNew();
    expect(await row(sub.id)).toMatchObject({ planKey: 'pro', amount: 1500, status: 'active' });
    const renewal = (await bed.deps.stripe.invoices.list({ subscription: sub.id })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 1500 });
    expect((await bed.deps.db.select().from(outbox)).map((h) => h.type)).toContain('plan.changed');

    // The schedule's last phase lasts one period; when it ends the schedule lets go of the
    // subscription, which goes on renewing on the new plan.
    const [schedule] = (await bed.deps.stripe.subscriptionSchedules.list({ customer: sub.stripeCustomerId })).data;
    expect(schedule?.status).toBe('active');
    const nextEnd = (await bed.deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.current_period_end ?? 0;
    expect(schedule?.current_phase?.end_date).toBe(nextEnd);
    await advanceTestClock(bed.deps.stripe, clock.id, nextEnd + 2 * 3600);
    await bed.deliverNew();
    expect((await bed.deps.stripe.subscriptionSchedules.retrieve(schedule?.id ?? '')).status).toBe('released');
    expect((await bed.deps.stripe.subscriptions.retrieve(sub.id)).schedule).toBeNull();
    expect(await row(sub.id)).toMatchObject({ planKey: 'pro', amount: 1500, status: 'active' });
  });
});

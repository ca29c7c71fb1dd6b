import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { subscriptionSchedules } from '../../core/db/schema/subscription-schedules.ts';
import { unwrap } from '../../core/lib/result.ts';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { changePlan } from '../../commands/subscriptions/change-plan.ts';
import { getSubscription } from '../../reads/billing/get-subscription.ts';
import { getCustomerOverview } from '../../reads/operator/customer-overview.ts';
import { testDriver } from '../../testing/db.ts';
import { createWebhookTestbed, deliver } from '../webhooks/test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe(`subscription schedules in the mirror, and the scheduled change on the billing read (${testDriver()})`, () => {
  const bed = perTest(createWebhookTestbed);
  beforeEach(async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
  });

  async function businessSubscriber(customer: string) {
    const { deps } = bed;
    const record = unwrap(await getOrCreateCustomer(deps, { externalId: customer }));
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: record.customer.stripeCustomerId });
    const business = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('business', 'month')] })).data[0]!;
    const pro = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data[0]!;
    const sub = await deps.stripe.subscriptions.create({
      customer: record.customer.stripeCustomerId,
      items: [{ price: business.id }],
      default_payment_method: pm.id,
    });
    await bed.deliverNew();
    return { sub, business, pro, periodEnd: sub.items.data[0]!.current_period_end };
  }
  const scheduledChange = async (customer: string) => unwrap(await getSubscription(bed.deps, { externalId: customer }))?.scheduledChange;

  it('a downgrade scheduled in Stripe (as the portal does) arrives by webhook: row, then the read; released, it is gone', async () => {
    const { deps } = bed;
    const { sub, business, pro, periodEnd } = await businessSubscriber('u_portal');
    expect(await scheduledChange('u_portal')).toBeNull();

    const schedule = await deps.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await deps.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: business.id, quantity: 1 }], start_date: schedule.current_phase!.start_date, end_date: periodEnd },
        { items: [{ price: pro.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    const types = bed.events.map((e) => e.type);
    expect(types.filter((t) => t.startsWith('subscription_schedule.'))).toEqual(['subscription_schedule.created', 'subscription_schedule.updated']);
    await bed.deliverNew();

    const [row] = await deps.db.select().from(subscriptionSchedules).where(eq(subscriptionSchedules.id, schedule.id));
    expect(row).toMatchObject({
      subscriptionId: sub.id,
      stripeCustomerId: sub.customer,
      status: 'active',
      endBehavior: 'release',
      nextItems: [{ price: pro.id, quantity: 1 }],
      nextPlanKey: 'pro',
      nextInterval: 'month',
      nextQuantity: 1,
      nextStartsAt: new Date(periodEnd * 1000),
      currentPhaseEnd: new Date(periodEnd * 1000),
      endedAt: null,
    });
    expect(await scheduledChange('u_portal')).toEqual({
      kind: 'plan_change',
      planKey: 'pro',
      interval: 'month',
      quantity: 1,
      at: new Date(periodEnd * 1000),
      scheduleId: schedule.id,
    });
    // The operator's customer page shows the same change on the subscription's row.
    const page = unwrap(await getCustomerOverview(deps, { externalId: 'u_portal' })) as { subscriptions: { id: string; scheduledChange: unknown }[] };
    expect(page.subscriptions.map((s) => s.id)).toEqual([sub.id]);
    expect(page.subscriptions[0]?.scheduledChange).toMatchObject({ kind: 'plan_change', planKey: 'pro', scheduleId: schedule.id });

    // An older update delivered again after the release never brings the change back.
    const staleUpdate = bed.events.find((e) => e.type === 'subscription_schedule.updated')!;
    deps.clock.advance(1000);
    await deps.stripe.subscriptionSchedules.release(schedule.id);
    await bed.deliverNew();
    expect(await deliver(bed.handler, deps, { ...staleUpdate, id: `${staleUpdate.id}_again` })).toBe(200);
    const [released] = await deps.db.select().from(subscriptionSchedules).where(eq(subscriptionSchedules.id, schedule.id));
    expect(released).toMatchObject({ status: 'released', nextItems: [], nextStartsAt: null });
    expect(released?.endedAt).toBeInstanceOf(Date);
    expect(await scheduledChange('u_portal')).toBeNull();
  });

  it("changePlan's downgrade reads at once (before any webhook); a cancel at period end reads as a change to the free plan", async () => {
    const { deps } = bed;
    const { periodEnd } = await businessSubscriber('u_change');
    const changed = unwrap(await changePlan(deps, { customer: 'u_change', plan: 'pro' }));
    expect(changed).toMatchObject({ effective: 'period_end' });
    expect(await scheduledChange('u_change')).toMatchObject({
      kind: 'plan_change',
      planKey: 'pro',
      at: new Date(periodEnd * 1000),
      scheduleId: changed.scheduleId,
    });
    await bed.deliverNew();
    expect(await scheduledChange('u_change')).toMatchObject({ kind: 'plan_change', planKey: 'pro' });

    // Released (the app changed its mind), nothing is scheduled; then the customer cancels at period end.
    await deps.stripe.subscriptionSchedules.release(changed.scheduleId!);
    await bed.deliverNew();
    expect(await scheduledChange('u_change')).toBeNull();

    const sub = unwrap(await getSubscription(deps, { externalId: 'u_change' }))!;
    await deps.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await bed.deliverNew();
    expect(await scheduledChange('u_change')).toEqual({
      kind: 'cancel',
      planKey: 'free',
      interval: null,
      quantity: null,
      at: sub.currentPeriodEnd,
      scheduleId: null,
    });
  });
});

import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { payingCustomer, recurringPrices } from '../../testing/fixtures.ts';
import { advanceClock, rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const DAY = 86_400;
const START = Math.floor(Date.UTC(2026, 0, 15, 12) / 1000);
const FEB_15 = Math.floor(Date.UTC(2026, 1, 15, 12) / 1000);
const MAR_15 = Math.floor(Date.UTC(2026, 2, 15, 12) / 1000);

describe('subscription schedules through the official SDK', () => {
  const t = suiteEmulator();
  let team: Stripe.Price;
  let starter: Stripe.Price;
  beforeAll(async () => {
    ({ team, starter } = await recurringPrices(t.stripe, 'Plans', { team: 5000, starter: 1500 }));
  });

  async function clockedSubscription(): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; sub: Stripe.Subscription }> {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await payingCustomer(t.stripe, { email: 'schedule@example.com', test_clock: clock.id, invoice_settings: {} });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id, quantity: 2 }], metadata: { plan: 'team' } });
    return { clock, customer, sub };
  }

  /** Event types about one subscription or schedule, oldest first, from `since` on. */
  function eventsFor(ids: string[], since = 0): string[] {
    return t.emulator.emulator.db.events
      .newestFirst()
      .reverse()
      .filter((e) => {
        const object = e.data.object as { id?: string; parent?: { subscription_details?: { subscription?: string } | null } | null };
        return e.created >= since && (ids.includes(object.id ?? '') || ids.includes(object.parent?.subscription_details?.subscription ?? ''));
      })
      .map((e) => e.type);
  }

  it('downgrades at period end: from_subscription, two phases, release; the renewal bills the new price', async () => {
    const { clock, customer, sub } = await clockedSubscription();
    const created = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(created).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      subscription: sub.id,
      customer: customer.id,
      end_behavior: 'release',
      test_clock: clock.id,
    });
    expect(created.id).toMatch(/^sub_sched_/);
    expect(created.current_phase).toEqual({ start_date: START, end_date: FEB_15 });
    expect(created.phases[0]).toMatchObject({ start_date: START, end_date: FEB_15, items: [{ price: team.id, quantity: 2 }] });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).schedule).toBe(created.id);

    // Exactly what Tollgate's changePlan sends for a downgrade.
    const phase = created.current_phase ?? created.phases[0]!;
    const updated = await t.stripe.subscriptionSchedules.update(created.id, {
      end_behavior: 'release',
      phases: [
        { items: [{ price: team.id, quantity: 2 }], start_date: phase.start_date, end_date: FEB_15 },
        {
          items: [{ price: starter.id, quantity: 1 }],
          proration_behavior: 'none',
          metadata: { plan: 'starter' },
          duration: { interval: 'month', interval_count: 1 },
        },
      ],
    });
    expect(updated.phases.map((p) => [p.start_date, p.end_date])).toEqual([
      [START, FEB_15],
      [FEB_15, MAR_15],
    ]);
    const untouched = await t.stripe.subscriptions.retrieve(sub.id);
    expect(untouched.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[team.id, 2]]);
    expect(await t.stripe.invoiceItems.list({ customer: customer.id, pending: true })).toMatchObject({ data: [] });

    await advanceClock(t.stripe, clock.id, FEB_15 + 2 * 3600);
    const moved = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice', 'schedule'] });
    expect(moved.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[starter.id, 1]]);
    expect(moved.metadata).toEqual({ plan: 'starter' });
    expect(moved.items.data[0]).toMatchObject({ current_period_start: FEB_15, current_period_end: MAR_15 });
    expect(moved.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', amount_paid: 1500, created: FEB_15 });
    expect((moved.schedule as Stripe.SubscriptionSchedule).current_phase).toEqual({ start_date: FEB_15, end_date: MAR_15 });
    expect(eventsFor([sub.id, created.id], FEB_15)).toEqual([
      'customer.subscription.updated', // the new phase's items and metadata
      'subscription_schedule.updated',
      'invoice.created',
      'customer.subscription.updated', // the renewal
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);

    await advanceClock(t.stripe, clock.id, MAR_15 + 2 * 3600);
    const released = await t.stripe.subscriptionSchedules.retrieve(created.id);
    expect(released).toMatchObject({ status: 'released', released_at: MAR_15, released_subscription: sub.id, subscription: null, current_phase: null });
    const after = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(after).toMatchObject({ status: 'active', schedule: null });
    expect(after.items.data.map((i) => i.price.id)).toEqual([starter.id]);
    expect(after.latest_invoice).toMatchObject({ amount_paid: 1500, created: MAR_15 });
    expect(eventsFor([sub.id, created.id], MAR_15).slice(0, 2)).toEqual(['customer.subscription.updated', 'subscription_schedule.released']);
  });

  it('cancels the subscription after the last phase with end_behavior cancel, and lists by customer', async () => {
    const { clock, customer, sub } = await clockedSubscription();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await t.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'cancel',
      phases: [{ items: [{ price: team.id, quantity: 2 }], start_date: START, end_date: FEB_15 }],
    });
    await advanceClock(t.stripe, clock.id, FEB_15 + DAY);
    expect(await t.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'completed', completed_at: FEB_15, current_phase: null });
    expect(await t.stripe.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'canceled', ended_at: FEB_15 });
    expect(eventsFor([sub.id, schedule.id], FEB_15)).toEqual(['customer.subscription.deleted', 'subscription_schedule.completed']);
    expect((await t.stripe.subscriptionSchedules.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([schedule.id]);
    expect((await t.stripe.subscriptionSchedules.list({ customer: customer.id, scheduled: true })).data).toEqual([]);
  });

  it('a subscription canceled for nonpayment aborts its schedule (subscription_schedule.aborted); canceled outright, the schedule is canceled', async () => {
    const { clock, customer, sub } = await clockedSubscription();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await t.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: team.id, quantity: 2 }], start_date: START, end_date: FEB_15 },
        { items: [{ price: starter.id, quantity: 1 }], duration: { interval: 'month', interval_count: 3 } },
      ],
    });
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    await advanceClock(t.stripe, clock.id, FEB_15 + 30 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect(await t.stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'canceled', canceled_at: ended.ended_at, current_phase: null });
    const types = eventsFor([schedule.id], FEB_15);
    expect(types.at(-1)).toBe('subscription_schedule.aborted');
    expect(types).not.toContain('subscription_schedule.canceled');

    const other = await clockedSubscription();
    const steered = await t.stripe.subscriptionSchedules.create({ from_subscription: other.sub.id });
    await t.stripe.subscriptions.cancel(other.sub.id);
    await advanceClock(t.stripe, other.clock.id, START + DAY);
    expect(eventsFor([steered.id]).at(-1)).toBe('subscription_schedule.canceled');
  });

  it('starts a not_started schedule at its start date, and cancels or releases on request', async () => {
    const { clock, customer, sub } = await clockedSubscription();
    const later = await t.stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: START + 10 * DAY,
      phases: [{ items: [{ price: starter.id }], duration: { interval: 'month', interval_count: 2 } }],
    });
    expect(later).toMatchObject({ status: 'not_started', subscription: null, current_phase: null });
    expect(later.phases[0]!.end_date).toBe(Math.floor(Date.UTC(2026, 2, 25, 12) / 1000));
    expect((await t.stripe.subscriptionSchedules.list({ scheduled: true })).data.map((s) => s.id)).toContain(later.id);
    await advanceClock(t.stripe, clock.id, START + 10 * DAY + 60);
    const started = await t.stripe.subscriptionSchedules.retrieve(later.id, { expand: ['subscription'] });
    expect(started.status).toBe('active');
    expect(started.subscription).toMatchObject({ status: 'active', schedule: later.id, start_date: START + 10 * DAY });
    const canceled = await t.stripe.subscriptionSchedules.cancel(later.id);
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: START + 10 * DAY + 60 });
    expect((await t.stripe.subscriptions.retrieve((started.subscription as Stripe.Subscription).id)).status).toBe('canceled');

    const other = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(await t.stripe.subscriptionSchedules.release(other.id)).toMatchObject({ status: 'released', released_subscription: sub.id, subscription: null });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).schedule).toBeNull();
    expect(await rejectionOf(t.stripe.subscriptionSchedules.release(other.id))).toMatchObject({ statusCode: 400 });
  });

  it('changes the subscription at once when the current phase changes, or a phase starts now', async () => {
    const { clock, customer, sub } = await clockedSubscription();
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await advanceClock(t.stripe, clock.id, START + 10 * DAY);
    await t.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ items: [{ price: team.id, quantity: 3 }], start_date: START, end_date: FEB_15 }] });
    const more = await t.stripe.subscriptions.retrieve(sub.id);
    expect(more.items.data.map((i) => [i.id, i.quantity])).toEqual([[sub.items.data[0]!.id, 3]]);
    const pending = await t.stripe.invoiceItems.list({ customer: customer.id });
    expect(pending.data.filter((i) => i.proration).length).toBe(2);
    const now = await t.stripe.subscriptionSchedules.update(schedule.id, {
      proration_behavior: 'none',
      phases: [{ items: [{ price: starter.id }], start_date: 'now', end_date: FEB_15, proration_behavior: 'none', metadata: { plan: 'starter' } }],
    });
    expect(now.current_phase).toEqual({ start_date: START + 10 * DAY, end_date: FEB_15 });
    const switched = await t.stripe.subscriptions.retrieve(sub.id);
    expect(switched).toMatchObject({ metadata: { plan: 'starter' }, schedule: schedule.id });
    expect(switched.items.data.map((i) => [i.price.id, i.quantity])).toEqual([[starter.id, 1]]);
    expect((await t.stripe.invoiceItems.list({ customer: customer.id })).data.length).toBe(2);
  });

  it('names the bad parameter and answers 404 for unknown ids', async () => {
    const { customer, sub } = await clockedSubscription();
    expect(await rejectionOf(t.stripe.subscriptionSchedules.create({ customer: customer.id }))).toMatchObject({ statusCode: 400, param: 'phases' });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.create({ customer: customer.id, phases: [{ items: [{ price: 'price_nope' }] }] }))).toMatchObject({
      statusCode: 404,
      param: 'phases[0][items][0][price]',
    });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id, customer: customer.id }))).toMatchObject({
      statusCode: 400,
      param: 'customer',
    });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.create({ from_subscription: 'sub_nope' }))).toMatchObject({
      statusCode: 404,
      param: 'from_subscription',
    });
    const schedule = await t.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.create({ from_subscription: sub.id }))).toMatchObject({
      statusCode: 400,
      param: 'from_subscription',
    });
    const phase = { items: [{ price: team.id }], start_date: START, end_date: FEB_15 };
    expect(await rejectionOf(t.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ ...phase, duration: { interval: 'month' } }] }))).toMatchObject({
      statusCode: 400,
      param: 'phases[0][duration]',
    });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.update(schedule.id, { phases: [{ ...phase, end_date: START - DAY }] }))).toMatchObject({
      statusCode: 400,
      param: 'phases[0][end_date]',
    });
    expect(
      await rejectionOf(t.stripe.subscriptionSchedules.update(schedule.id, { phases: [phase, { items: [{ price: starter.id }], start_date: FEB_15 + 1 }] })),
    ).toMatchObject({ statusCode: 400, param: 'phases[1][start_date]' });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.update(schedule.id, { end_behavior: 'renew' }))).toMatchObject({
      statusCode: 400,
      param: 'end_behavior',
    });
    const unknown = { phases: [{ ...phase, items: [{ price: team.id, colour: 'red' }] }] } as unknown as Stripe.SubscriptionScheduleUpdateParams;
    expect(await rejectionOf(t.stripe.subscriptionSchedules.update(schedule.id, unknown))).toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'phases[0][items][0][colour]',
    });
    // `iterations` (older API versions; the SDK's types dropped it) counts billing periods of the phase's price.
    const raw = await fetch(`${t.emulator.url}/v1/subscription_schedules`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_emulator', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        customer: customer.id,
        start_date: String(START + 40 * DAY),
        'phases[0][items][0][price]': starter.id,
        'phases[0][iterations]': '3',
      }),
    });
    const iterated = (await raw.json()) as Stripe.SubscriptionSchedule;
    expect(iterated.phases[0]).toMatchObject({ start_date: START + 40 * DAY, end_date: Math.floor(Date.UTC(2026, 4, 24, 12) / 1000) });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.retrieve('sub_sched_nope'))).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      param: 'schedule',
    });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.update('sub_sched_nope', { metadata: { a: 'b' } }))).toMatchObject({ statusCode: 404 });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.cancel('sub_sched_nope'))).toMatchObject({ statusCode: 404 });
    expect(await rejectionOf(t.stripe.subscriptionSchedules.release('sub_sched_nope'))).toMatchObject({ statusCode: 404 });
  });
});

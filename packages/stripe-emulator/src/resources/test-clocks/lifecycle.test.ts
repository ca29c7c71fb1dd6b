import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { payingCustomer, planPrice, suiteWebhooks } from '../../testing/fixtures.ts';
import { advanceClock, rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const DAY = 86_400;
const START = Math.floor(Date.UTC(2026, 0, 15, 12) / 1000);

describe('subscription lifecycle on a test clock', () => {
  const t = suiteEmulator({ webhookRetryDelaysMs: [20] });
  const webhooks = suiteWebhooks(t, ['*']);
  let price: Stripe.Price;
  beforeAll(async () => {
    price = await planPrice(t.stripe, 'Team', 2500);
  });

  async function clockedCustomer(card: string): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START, name: card });
    const customer = await payingCustomer(t.stripe, { email: `${card}@example.com`, test_clock: clock.id, payment_method: card, invoice_settings: {} });
    return { clock, customer };
  }

  function subscriptionEvents(subId: string): string[] {
    return t.emulator.emulator.db.events
      .newestFirst()
      .reverse()
      .filter((e) => {
        const object = e.data.object as { id?: string; parent?: { subscription_details?: { subscription?: string } | null } | null };
        return object.id === subId || object.parent?.subscription_details?.subscription === subId;
      })
      .map((e) => e.type);
  }

  it('creates, retrieves, lists and deletes clocks; refuses to go backwards', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    expect(clock).toMatchObject({ status: 'ready', frozen_time: START });
    expect((await t.stripe.testHelpers.testClocks.list()).data.map((c) => c.id)).toContain(clock.id);
    expect(await rejectionOf(t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START - 1 }))).toMatchObject({
      statusCode: 400,
      param: 'frozen_time',
    });
    const advancing = await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: START + DAY });
    expect(advancing.status).toBe('advancing');
    expect((await advanceClock(t.stripe, clock.id, START + 2 * DAY)).frozen_time).toBe(START + 2 * DAY);
    expect(await t.stripe.testHelpers.testClocks.del(clock.id)).toMatchObject({ deleted: true });
  });

  it('renews a paid subscription: new period, draft invoice, finalized an hour later, paid', async () => {
    const { clock, customer } = await clockedCustomer('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub).toMatchObject({ status: 'active', test_clock: clock.id, created: START });
    const periodEnd = sub.items.data[0]!.current_period_end;
    expect(periodEnd).toBe(Math.floor(Date.UTC(2026, 1, 15, 12) / 1000));
    await advanceClock(t.stripe, clock.id, periodEnd + 60);
    const renewed = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(renewed.items.data[0]!.current_period_start).toBe(periodEnd);
    expect((renewed.latest_invoice as Stripe.Invoice).status).toBe('draft');
    await advanceClock(t.stripe, clock.id, periodEnd + 2 * 3600);
    const invoice = await t.stripe.invoices.retrieve((renewed.latest_invoice as Stripe.Invoice).id);
    expect(invoice).toMatchObject({ status: 'paid', billing_reason: 'subscription_cycle', amount_paid: 2500, created: periodEnd });
    expect(invoice.status_transitions.finalized_at).toBe(periodEnd + 3600);
    expect(subscriptionEvents(sub.id)).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'customer.subscription.created',
      'invoice.created',
      'customer.subscription.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
  });

  it('goes past_due when the renewal charge fails, retries on schedule, then cancels', async () => {
    const { clock, customer } = await clockedCustomer('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const periodEnd = sub.items.data[0]!.current_period_end;
    await advanceClock(t.stripe, clock.id, periodEnd + 2 * 3600);
    const pastDue = await t.stripe.subscriptions.retrieve(sub.id);
    expect(pastDue.status).toBe('past_due');
    const invoice = await t.stripe.invoices.retrieve(pastDue.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: periodEnd + 3600 + 3 * DAY });
    await advanceClock(t.stripe, clock.id, periodEnd + 6 * DAY);
    expect((await t.stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(3);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    await advanceClock(t.stripe, clock.id, periodEnd + 8 * DAY);
    const ended = await t.stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect((await t.stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(4);
    const events = subscriptionEvents(sub.id);
    expect(events.filter((e) => e === 'invoice.payment_failed')).toHaveLength(4);
    expect(events.at(-1)).toBe('customer.subscription.deleted');
  });

  it('cancels at period end instead of renewing, and ends trials into active', async () => {
    const { clock, customer } = await clockedCustomer('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    await advanceClock(t.stripe, clock.id, START + 7 * DAY + 2 * 3600);
    const active = await t.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.latest_invoice as Stripe.Invoice).toMatchObject({ status: 'paid', amount_paid: 2500 });
    await t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const periodEnd = active.items.data[0]!.current_period_end;
    await advanceClock(t.stripe, clock.id, periodEnd + DAY);
    const canceled = await t.stripe.subscriptions.retrieve(sub.id);
    expect(canceled).toMatchObject({ status: 'canceled', ended_at: periodEnd });
    expect((await t.stripe.invoices.list({ subscription: sub.id })).data).toHaveLength(2);
  });

  it('sends trial_will_end three days before the trial ends', async () => {
    const { clock, customer } = await clockedCustomer('pm_card_visa');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 10 });
    await advanceClock(t.stripe, clock.id, START + 6 * DAY);
    expect(subscriptionEvents(sub.id)).not.toContain('customer.subscription.trial_will_end');
    await advanceClock(t.stripe, clock.id, START + 8 * DAY);
    const notice = t.emulator.emulator.db.events
      .newestFirst()
      .find((e) => e.type === 'customer.subscription.trial_will_end' && (e.data.object as { id: string }).id === sub.id);
    expect(notice?.created).toBe(START + 7 * DAY);
    expect(notice?.pending_webhooks).toBe(1);
  });

  it('pays an invoice waiting on 3-D Secure once the customer authenticates', async () => {
    const { customer } = await clockedCustomer('pm_card_authenticationRequired');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], expand: ['latest_invoice.payments'] });
    expect(sub.status).toBe('incomplete');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    const pi = invoice.payments!.data[0]!.payment.payment_intent as string;
    expect((await t.stripe.paymentIntents.retrieve(pi)).status).toBe('requires_action');
    const res = await fetch(`${t.emulator.url}/_emulator/payment_intents/${pi}/authenticate`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect((await t.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('expires an incomplete subscription after 23 hours', async () => {
    const { clock, customer } = await clockedCustomer('pm_card_chargeCustomerFail');
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('incomplete');
    await advanceClock(t.stripe, clock.id, START + 22 * 3600);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete');
    await advanceClock(t.stripe, clock.id, START + 24 * 3600);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete_expired');
    expect((await t.stripe.invoices.retrieve(sub.latest_invoice as string)).status).toBe('void');
  });

  it('delivered the lifecycle webhooks with valid signatures', async () => {
    const expected = [
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.deleted',
      'invoice.payment_failed',
      'invoice.paid',
      'test_helpers.test_clock.ready',
    ];
    const types = (): string[] => webhooks.events().map((e) => e.type);
    // Deliveries are asynchronous: wait for them (the test's timeout bounds the wait).
    while (!expected.every((type) => types().includes(type))) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const type of expected) expect(types()).toContain(type);
  });
});

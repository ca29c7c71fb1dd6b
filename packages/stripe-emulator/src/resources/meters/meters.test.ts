import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { payingCustomer } from '../../testing/fixtures.ts';
import { advanceClock, rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const DAY = 86_400;

describe('Billing Meters, meter events and usage invoicing', () => {
  const t = suiteEmulator();

  it('creates, lists, updates, deactivates and reactivates meters', async () => {
    const meter = await t.stripe.billing.meters.create({ display_name: 'Searches', event_name: 'searches', default_aggregation: { formula: 'count' } });
    expect(meter).toMatchObject({
      object: 'billing.meter',
      status: 'active',
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      value_settings: { event_payload_key: 'value' },
    });
    const dup = await rejectionOf(t.stripe.billing.meters.create({ display_name: 'Again', event_name: 'searches', default_aggregation: { formula: 'sum' } }));
    expect(dup.param).toBe('event_name');
    const badFormula = await rejectionOf(t.stripe.billing.meters.create({ display_name: 'x', event_name: 'x', default_aggregation: { formula: 'max' } }));
    expect(badFormula.param).toBe('default_aggregation[formula]');
    expect((await t.stripe.billing.meters.update(meter.id, { display_name: 'Web searches' })).display_name).toBe('Web searches');
    const off = await t.stripe.billing.meters.deactivate(meter.id);
    expect(off.status).toBe('inactive');
    expect((await t.stripe.billing.meters.list({ status: 'inactive' })).data.map((m) => m.id)).toContain(meter.id);
    const customer = await t.stripe.customers.create({});
    const refused = await rejectionOf(t.stripe.billing.meterEvents.create({ event_name: 'searches', payload: { stripe_customer_id: customer.id } }));
    expect(refused.param).toBe('event_name');
    expect((await t.stripe.billing.meters.reactivate(meter.id)).status).toBe('active');
    await t.stripe.billing.meterEvents.create({ event_name: 'searches', payload: { stripe_customer_id: customer.id } });
  });

  it('validates meter events: timestamps, integer values, the customer key; nothing is recorded on error', async () => {
    const meter = await t.stripe.billing.meters.create({ display_name: 'Tokens', event_name: 'tokens_v', default_aggregation: { formula: 'sum' } });
    const customer = await t.stripe.customers.create({});
    const now = t.now();
    const old = await rejectionOf(
      t.stripe.billing.meterEvents.create({ event_name: 'tokens_v', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: now - 36 * DAY }),
    );
    expect(old).toMatchObject({ statusCode: 400, param: 'timestamp' });
    const future = await rejectionOf(
      t.stripe.billing.meterEvents.create({ event_name: 'tokens_v', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: now + 600 }),
    );
    expect(future.param).toBe('timestamp');
    const fraction = await rejectionOf(
      t.stripe.billing.meterEvents.create({ event_name: 'tokens_v', payload: { stripe_customer_id: customer.id, value: '1.5' } }),
    );
    expect(fraction.param).toBe('payload[value]');
    const noCustomer = await rejectionOf(t.stripe.billing.meterEvents.create({ event_name: 'tokens_v', payload: { value: '3' } }));
    expect(noCustomer.param).toBe('payload[stripe_customer_id]');
    const start = Math.floor(now / 3600) * 3600 - 3600;
    const summary = await t.stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: start, end_time: start + 3 * 3600 });
    expect(summary.data).toEqual([expect.objectContaining({ aggregated_value: 0, meter: meter.id })]);
  });

  it('bills a metered subscription on a test clock for exactly the deduplicated usage, with tiers', async () => {
    const meter = await t.stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_calls', default_aggregation: { formula: 'sum' } });
    const price = await t.stripe.prices.create({
      currency: 'usd',
      product_data: { name: 'API' },
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 10, unit_amount: 100 },
        { up_to: 'inf', unit_amount: 50 },
      ],
    });
    const now = t.now();
    const start = Math.floor((now - 10 * DAY) / 3600) * 3600;
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await payingCustomer(t.stripe, { test_clock: clock.id });
    const other = await t.stripe.customers.create({});
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    // Usage is sent at the customer's time: move its clock to "now" (inside the first period) first.
    await advanceClock(t.stripe, clock.id, now);
    const send = (identifier: string, value: number, who = customer.id) =>
      t.stripe.billing.meterEvents.create({
        event_name: 'api_calls',
        identifier,
        payload: { stripe_customer_id: who, value: String(value) },
        timestamp: now - 60,
      });
    await send('batch-1', 7);
    await send('batch-2', 5);
    const retry = await send('batch-1', 7);
    expect(retry.identifier).toBe('batch-1');
    await send('batch-3', 100);
    await send('batch-4', 9, other.id);
    const adjustment = await t.stripe.billing.meterEventAdjustments.create({ event_name: 'api_calls', type: 'cancel', cancel: { identifier: 'batch-3' } });
    expect(adjustment).toMatchObject({ status: 'complete', cancel: { identifier: 'batch-3' } });
    const hourly = await t.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: Math.floor(now / 3600) * 3600 - 3600,
      end_time: Math.floor(now / 3600) * 3600 + 3600,
      value_grouping_window: 'hour',
    });
    expect(hourly.data.reduce((s, x) => s + x.aggregated_value, 0)).toBe(12);

    const periodEnd = sub.items.data[0]!.current_period_end;
    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 2 * 3600 });
    const invoices = await t.stripe.invoices.list({ customer: customer.id, limit: 10 });
    const cycle = invoices.data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(cycle).toBeDefined();
    const line = cycle!.lines.data[0] as Stripe.InvoiceLineItem;
    expect(line.quantity).toBe(12);
    expect(line.amount).toBe(10 * 100 + 2 * 50);
    expect(line.period).toEqual({ start: sub.items.data[0]!.current_period_start, end: periodEnd });
    expect(cycle).toMatchObject({ amount_due: 1100, status: 'paid' });
  });

  it('bills the last period of a metered subscription canceled at period end on a final invoice', async () => {
    const meter = await t.stripe.billing.meters.create({ display_name: 'Calls', event_name: 'final_calls', default_aggregation: { formula: 'sum' } });
    const price = await t.stripe.prices.create({
      currency: 'usd',
      unit_amount: 3,
      product_data: { name: 'Calls' },
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    });
    const now = t.now();
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: now - 20 * DAY });
    const customer = await t.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const sub = await t.stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: pm.id,
      items: [{ price: price.id }],
      cancel_at_period_end: true,
    });
    await advanceClock(t.stripe, clock.id, now);
    await t.stripe.billing.meterEvents.create({ event_name: 'final_calls', payload: { stripe_customer_id: customer.id, value: '40' }, timestamp: now - 30 });
    await t.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sub.items.data[0]!.current_period_end + 60 });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    const invoices = (await t.stripe.invoices.list({ customer: customer.id })).data;
    const final = invoices.find((i) => i.id !== sub.latest_invoice);
    expect(final).toMatchObject({ amount_due: 120, status: 'paid' });
    expect(final!.lines.data[0]).toMatchObject({ quantity: 40, amount: 120 });
  });

  it('takes events through the v2 meter event stream with a session token', async () => {
    const meter = await t.stripe.billing.meters.create({ display_name: 'Streamed', event_name: 'streamed', default_aggregation: { formula: 'sum' } });
    const customer = await t.stripe.customers.create({});
    const session = await t.stripe.v2.billing.meterEventSession.create();
    expect(session.object).toBe('v2.billing.meter_event_session');
    const events = Array.from({ length: 3 }, (_, i) => ({
      event_name: 'streamed',
      identifier: `s-${i}`,
      payload: { stripe_customer_id: customer.id, value: '4' },
    }));
    await t.stripe.v2.billing.meterEventStream.create({ events: [...events, events[0]!] }, { apiKey: session.authentication_token });
    const denied = await rejectionOf(t.stripe.v2.billing.meterEventStream.create({ events }, { apiKey: 'sk_test_wrong' }));
    expect(denied.statusCode).toBe(401);
    const tooMany = await rejectionOf(
      t.stripe.v2.billing.meterEventStream.create({ events: Array.from({ length: 101 }, () => events[0]!) }, { apiKey: session.authentication_token }),
    );
    expect(tooMany.statusCode).toBe(400);
    const now = t.now();
    const summary = await t.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: Math.floor(now / 60) * 60 - 600,
      end_time: Math.floor(now / 60) * 60 + 600,
    });
    expect(summary.data[0]!.aggregated_value).toBe(12);
  });
});

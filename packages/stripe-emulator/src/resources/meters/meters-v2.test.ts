import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);
const DAY = 86_400;
const iso = (unix: number) => new Date(unix * 1000).toISOString();

describe('v2 meter events and meter events on a test clock', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let meter: string;
  beforeAll(async () => {
    meter = (await t.stripe.billing.meters.create({ display_name: 'Tokens', event_name: 'tokens', default_aggregation: { formula: 'sum' } })).id;
  });

  it('records events with POST /v2/billing/meter_events, deduplicated by identifier, and cancels them with adjustments', async () => {
    const customer = await t.stripe.customers.create({});
    const at = NOW / 1000 - 120;
    const event = await t.stripe.v2.billing.meterEvents.create({
      event_name: 'tokens',
      identifier: 'v2-1',
      payload: { stripe_customer_id: customer.id, value: '30' },
      timestamp: iso(at),
    });
    expect(event).toMatchObject({
      object: 'v2.billing.meter_event',
      event_name: 'tokens',
      identifier: 'v2-1',
      livemode: false,
      payload: { value: '30' },
      timestamp: iso(at),
      created: iso(NOW / 1000),
    });
    await t.stripe.v2.billing.meterEvents.create({
      event_name: 'tokens',
      identifier: 'v2-1',
      payload: { stripe_customer_id: customer.id, value: '30' },
      timestamp: iso(at),
    });
    await t.stripe.v2.billing.meterEvents.create({ event_name: 'tokens', identifier: 'v2-2', payload: { stripe_customer_id: customer.id, value: '5' } });
    const start = Math.floor(at / 3600) * 3600;
    const sum = async () =>
      (await t.stripe.billing.meters.listEventSummaries(meter, { customer: customer.id, start_time: start, end_time: start + 2 * 3600 })).data[0]!
        .aggregated_value;
    expect(await sum()).toBe(35);
    const adjustment = await t.stripe.v2.billing.meterEventAdjustments.create({ event_name: 'tokens', type: 'cancel', cancel: { identifier: 'v2-2' } });
    expect(adjustment).toMatchObject({
      object: 'v2.billing.meter_event_adjustment',
      status: 'complete',
      type: 'cancel',
      cancel: { identifier: 'v2-2' },
      event_name: 'tokens',
    });
    expect(await sum()).toBe(30);
  });

  it('refuses bad v2 events by name and keeps nothing', async () => {
    const customer = await t.stripe.customers.create({});
    const store = Array.from(t.emulator.emulator.db.log.collections).find((c) => c.name === 'billing_meter_events')!;
    const count = store.size;
    const send = (body: Record<string, unknown>) =>
      fetch(`${t.emulator.url}/v2/billing/meter_events`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_v2', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const cases: [Record<string, unknown>, string][] = [
      [{ payload: { stripe_customer_id: customer.id } }, 'event_name'],
      [{ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: 'yesterday' }, 'timestamp'],
      [{ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: iso(NOW / 1000 + 3600) }, 'timestamp'],
      [{ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1.5' } }, 'payload[value]'],
      [{ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, colour: 'red' }, 'colour'],
      [{ event_name: 'tokens', payload: 'nope' }, 'payload'],
    ];
    for (const [body, param] of cases) {
      const res = await send(body);
      expect({ status: res.status, param: ((await res.json()) as { error: { param?: string } }).error.param }).toEqual({ status: 400, param });
    }
    expect((await send({ event_name: 'tokens', payload: { stripe_customer_id: customer.id } })).status).toBe(400);
    expect(
      (await fetch(`${t.emulator.url}/v2/billing/meter_events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(401);
    expect(store.size).toBe(count);
    expect(
      await rejectionOf(t.stripe.v2.billing.meterEventAdjustments.create({ event_name: 'tokens', type: 'cancel', cancel: { identifier: 'never-sent' } })),
    ).toMatchObject({ statusCode: 400 });
  });

  it('checks timestamps of a test-clock customer against the clock, so usage lands inside a simulated period', async () => {
    const future = NOW / 1000 + 40 * DAY;
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: future });
    const customer = await t.stripe.customers.create({ test_clock: clock.id });
    const inPeriod = await t.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      payload: { stripe_customer_id: customer.id, value: '7' },
      timestamp: future - 60,
    });
    expect(inPeriod.timestamp).toBe(future - 60);
    const defaulted = await t.stripe.v2.billing.meterEvents.create({ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '3' } });
    expect(defaulted.timestamp).toBe(iso(future));
    // Real "now" is 40 days before the clock: too old for this customer, though fine for one on real time.
    expect(
      await rejectionOf(
        t.stripe.billing.meterEvents.create({ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: NOW / 1000 }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'timestamp' });
    expect(
      await rejectionOf(
        t.stripe.billing.meterEvents.create({ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: future + 600 }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'timestamp' });
    const summary = await t.stripe.billing.meters.listEventSummaries(meter, { customer: customer.id, start_time: future - 3600, end_time: future + 3600 });
    expect(summary.data[0]!.aggregated_value).toBe(10);
  });
});

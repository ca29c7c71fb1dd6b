import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestEmulator } from '../testing/sdk.ts';

describe('Checkout, meter and coupon state with --data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-extras-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps sessions (with their trial), meters, events and coupons across a restart', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startTestEmulator({ dataFile });
    const price = await first.stripe.prices.create({ currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Kept' } });
    const session = await first.stripe.checkout.sessions.create({ mode: 'subscription', customer_email: 'kept@example.com', line_items: [{ price: price.id, quantity: 1 }], subscription_data: { trial_period_days: 7 } });
    const meter = await first.stripe.billing.meters.create({ display_name: 'Kept', event_name: 'kept', default_aggregation: { formula: 'sum' } });
    const customer = await first.stripe.customers.create({});
    await first.stripe.billing.meterEvents.create({ event_name: 'kept', identifier: 'k1', payload: { stripe_customer_id: customer.id, value: '3' } });
    const coupon = await first.stripe.coupons.create({ percent_off: 10 });
    await first.close();

    const second = await startTestEmulator({ dataFile });
    try {
      expect((await second.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
      expect((await second.stripe.billing.meters.retrieve(meter.id)).event_name).toBe('kept');
      expect((await second.stripe.coupons.retrieve(coupon.id)).percent_off).toBe(10);
      const now = Math.floor(second.now() / 60) * 60;
      const summary = await second.stripe.billing.meters.listEventSummaries(meter.id, { customer: customer.id, start_time: now - 600, end_time: now + 600 });
      expect(summary.data[0]!.aggregated_value).toBe(3);
      const page = await (await fetch(session.url!.replace(new URL(session.url!).origin, second.emulator.url))).text();
      expect(page).toContain('Free trial (7 days)');
    } finally {
      await second.close();
    }
  });
});

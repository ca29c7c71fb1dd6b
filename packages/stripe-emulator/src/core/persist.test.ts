import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planPrice } from '../testing/fixtures.ts';
import { rejectionOf, startTestEmulator } from '../testing/sdk.ts';

describe('Checkout, meter and coupon state with --data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps sessions (with their trial), meters, events and coupons across a restart', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await startTestEmulator({ dataFile });
    const price = await planPrice(first.stripe, 'Kept', 500);
    const session = await first.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'kept@example.com',
      line_items: [{ price: price.id, quantity: 1 }],
      subscription_data: { trial_period_days: 7 },
    });
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

  // Written by the emulator while Checkout, meters, coupons, promotion codes, schedules and portal
  // configurations lived in a second store beside the core one: the file format (collections by
  // name) did not change when the two stores became one, so such a file loads as it is.
  it('loads a state file written before the two stores became one, and a reset empties every collection', async () => {
    const dataFile = join(dir, 'before.json');
    copyFileSync(join(import.meta.dirname, 'fixtures', 'state-before-one-store.json'), dataFile);
    const t = await startTestEmulator({ dataFile });
    try {
      expect((await t.stripe.customers.retrieve('cus_I4QrPHIu000001')) as { email?: string }).toMatchObject({ email: 'before@example.com' });
      expect((await t.stripe.checkout.sessions.retrieve('cs_test_I4QrPHIu000007')).status).toBe('open');
      expect((await t.stripe.checkout.sessions.listLineItems('cs_test_I4QrPHIu000007')).data.map((l) => l.price?.id)).toEqual(['price_I4QrPHIu000005']);
      expect((await t.stripe.billing.meters.retrieve('mtr_I4QrPHIu000009')).event_name).toBe('kept');
      expect((await t.stripe.coupons.retrieve('KEPT10')).percent_off).toBe(10);
      expect((await t.stripe.promotionCodes.list({ code: 'KEPT' })).data.map((p) => p.id)).toEqual(['promo_I4QrPHIu00000b']);
      const schedule = await t.stripe.subscriptionSchedules.retrieve('sub_sched_I4QrPHIu00000d');
      expect([schedule.status, schedule.phases[0]?.items[0]?.quantity]).toEqual(['not_started', 2]);
      expect((await t.stripe.billingPortal.configurations.retrieve('bpc_I4QrPHIu00000g')).features.invoice_history.enabled).toBe(true);
      const summary = await t.stripe.billing.meters.listEventSummaries('mtr_I4QrPHIu000009', {
        customer: 'cus_I4QrPHIu000001',
        start_time: 1768478400 - 600,
        end_time: 1768478400 + 600,
      });
      expect(summary.data[0]!.aggregated_value).toBe(3);
      const page = await (await fetch(`${t.emulator.url}/c/pay/cs_test_I4QrPHIu000007`)).text();
      expect(page).toContain('Free trial (7 days)');

      expect((await fetch(`${t.emulator.url}/_emulator/reset`, { method: 'POST' })).status).toBe(200);
      expect((await rejectionOf(t.stripe.coupons.retrieve('KEPT10'))).statusCode).toBe(404);
      expect((await rejectionOf(t.stripe.checkout.sessions.retrieve('cs_test_I4QrPHIu000007'))).statusCode).toBe(404);
      expect((await t.stripe.billing.meters.list()).data).toEqual([]);
      expect((await t.stripe.subscriptionSchedules.list()).data).toEqual([]);
    } finally {
      await t.close();
    }
    // The reset reached the file too: every collection of the one store is saved, and empty.
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as { collections: Record<string, unknown[]> };
    expect(Object.entries(saved.collections).filter(([, items]) => items.length > 0)).toEqual([]);
    expect(Object.keys(saved.collections)).toEqual(
      expect.arrayContaining(['customers', 'checkout_sessions', 'billing_meters', 'coupons', 'subscription_schedules']),
    );
  });
});

import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { recurringPrices } from '../../testing/fixtures.ts';
import { advanceClock, rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const START = Math.floor(Date.UTC(2026, 2, 31, 23) / 1000);
const HOUR = 3600;

describe('pending updates (payment_behavior: pending_if_incomplete) through the official SDK', () => {
  const t = suiteEmulator();
  let basic: Stripe.Price;
  let premium: Stripe.Price;
  beforeAll(async () => {
    ({ basic, premium } = await recurringPrices(t.stripe, 'Plan', { basic: 1500, premium: 4900 }));
  });

  /** A subscriber on `basic` (paid with a working card) whose card is then swapped for `card`. */
  async function subscriber(card: string) {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await t.stripe.customers.create({
      test_clock: clock.id,
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const visa = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }], default_payment_method: visa.id });
    const next = await t.stripe.paymentMethods.attach(card, { customer: customer.id });
    await t.stripe.subscriptions.update(sub.id, { default_payment_method: next.id });
    return { clock, customer, sub, visa };
  }

  const upgrade = (sub: Stripe.Subscription) =>
    t.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]!.id, price: premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
      metadata: { plan: 'premium' },
    });

  const events = (sub: string) =>
    t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => (e.data.object as { id?: string }).id === sub)
      .map((e) => e.type);

  it('applies the change at once when the invoice is paid', async () => {
    const { sub } = await subscriber('pm_card_visa');
    const updated = await upgrade(sub);
    expect(updated.pending_update).toBeNull();
    expect(updated.items.data[0]!.price.id).toBe(premium.id);
    expect(updated.metadata).toMatchObject({ plan: 'premium' });
    expect((await t.stripe.invoices.retrieve(updated.latest_invoice as string)).status).toBe('paid');
  });

  it('keeps the old items and status when the payment fails, and applies the change once the invoice is paid', async () => {
    const { sub, visa } = await subscriber('pm_card_chargeCustomerFail');
    const held = await upgrade(sub);
    expect(held.status).toBe('active');
    expect(held.items.data[0]!.price.id).toBe(basic.id);
    expect(held.metadata).not.toHaveProperty('plan');
    expect(held.pending_update).toMatchObject({ expires_at: START + 23 * HOUR, metadata: { plan: 'premium' } });
    expect(held.pending_update?.subscription_items?.[0]?.price.id).toBe(premium.id);
    const invoice = await t.stripe.invoices.retrieve(held.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', billing_reason: 'subscription_update' });
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');

    const paid = await t.stripe.invoices.pay(invoice.id, { payment_method: visa.id });
    expect(paid.status).toBe('paid');
    const applied = await t.stripe.subscriptions.retrieve(sub.id);
    expect(applied).toMatchObject({ status: 'active', pending_update: null, metadata: { plan: 'premium' } });
    expect(applied.items.data[0]!.price.id).toBe(premium.id);
    expect(events(sub.id)).toContain('customer.subscription.pending_update_applied');
  });

  it('voids the invoice and drops the change when the pending update expires', async () => {
    const { clock, sub } = await subscriber('pm_card_chargeCustomerFail');
    const held = await upgrade(sub);
    await advanceClock(t.stripe, clock.id, START + 24 * HOUR);
    const after = await t.stripe.subscriptions.retrieve(sub.id);
    expect(after).toMatchObject({ status: 'active', pending_update: null });
    expect(after.items.data[0]!.price.id).toBe(basic.id);
    expect((await t.stripe.invoices.retrieve(held.latest_invoice as string)).status).toBe('void');
    expect(events(sub.id)).toContain('customer.subscription.pending_update_expired');
  });

  it('refuses parameters a pending update cannot carry', async () => {
    const { sub } = await subscriber('pm_card_visa');
    const refused = await rejectionOf(t.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true, payment_behavior: 'pending_if_incomplete' }));
    expect(refused).toMatchObject({ statusCode: 400, param: 'cancel_at_period_end' });
  });
});

import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { suiteWebhooks } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('refunds of one-time payments', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW) });
  const webhooks = suiteWebhooks(t, ['charge.refunded', 'refund.created', 'refund.updated', 'charge.refund.updated']);

  async function paid(amount: number): Promise<Stripe.PaymentIntent> {
    const customer = await t.stripe.customers.create({ email: 'buyer@example.com' });
    return t.stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  }

  it('refunds part then the rest of a payment, with refund.created and charge.refunded, signed', async () => {
    const pi = await paid(5000);
    const first = await t.stripe.refunds.create({ payment_intent: pi.id, amount: 2000, reason: 'requested_by_customer', metadata: { license: 'lic_1' } });
    expect(first).toMatchObject({
      object: 'refund',
      id: expect.stringMatching(/^re_/) as unknown,
      amount: 2000,
      status: 'succeeded',
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: 'requested_by_customer',
      metadata: { license: 'lic_1' },
      currency: 'usd',
    });
    expect(await t.stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 2000, refunded: false });
    const rest = await t.stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(rest.amount).toBe(3000);
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds'] });
    expect(charge).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([rest.id, first.id]);
    expect((await t.stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([rest.id, first.id]);

    const events = await webhooks.waitForEvents(4);
    expect(events.map((e) => e.type)).toEqual(['refund.created', 'charge.refunded', 'refund.created', 'charge.refunded']);
    const refunded = events[3] as Stripe.ChargeRefundedEvent;
    expect(refunded.data.object).toMatchObject({ id: charge.id, amount_refunded: 5000, refunded: true });
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 2000, refunded: false });
  });

  it('updates a refund’s metadata (refund.updated, charge.refund.updated) and will not cancel a succeeded refund', async () => {
    const pi = await paid(800);
    const refund = await t.stripe.refunds.create({ payment_intent: pi.id });
    expect((await t.stripe.refunds.update(refund.id, { metadata: { note: 'goodwill' } })).metadata).toEqual({ note: 'goodwill' });
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .slice(0, 2)
      .map((e) => e.type);
    expect(types).toEqual(['charge.refund.updated', 'refund.updated']);
    expect(await rejectionOf(t.stripe.refunds.cancel(refund.id))).toMatchObject({ statusCode: 400 });
    expect((await t.stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
  });

  it('refuses refunds past the amount, twice over, without a successful charge, or with bad parameters, keeping nothing', async () => {
    const pi = await paid(1000);
    const count = t.emulator.emulator.db.refunds.size;
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: pi.id, amount: 1001 }))).toMatchObject({
      statusCode: 400,
      code: 'amount_too_large',
      param: 'amount',
    });
    expect(await rejectionOf(t.stripe.refunds.create({}))).toMatchObject({ statusCode: 400, code: 'parameter_missing' });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: 'pi_missing' }))).toMatchObject({ statusCode: 404, param: 'payment_intent' });
    expect(await rejectionOf(t.stripe.refunds.create({ charge: 'ch_missing' }))).toMatchObject({ statusCode: 404, param: 'charge' });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: pi.id, amount: 0 }))).toMatchObject({ statusCode: 400, param: 'amount' });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: pi.id, reason: 'bored' as 'duplicate' }))).toMatchObject({
      statusCode: 400,
      param: 'reason',
    });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: pi.id, when: 'now' } as Stripe.RefundCreateParams))).toMatchObject({
      code: 'parameter_unknown',
      param: 'when',
    });
    const unpaid = await t.stripe.paymentIntents.create({ amount: 300, currency: 'usd' });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: unpaid.id }))).toMatchObject({ statusCode: 400, param: 'payment_intent' });
    expect(t.emulator.emulator.db.refunds.size).toBe(count);
    await t.stripe.refunds.create({ payment_intent: pi.id });
    expect(await rejectionOf(t.stripe.refunds.create({ payment_intent: pi.id }))).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });
});

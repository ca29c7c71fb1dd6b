import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

describe('off-session payments on a saved card, charges, search and validation', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });

  /** A customer with a card saved the way an app saves one: a setup intent, then the default payment method. */
  async function savedCard(token: string): Promise<{ customer: string; pm: string }> {
    const customer = await t.stripe.customers.create({ email: `${token}@example.com` });
    const setup = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: token, confirm: true, usage: 'off_session' });
    const pm = setup.payment_method as string;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm } });
    return { customer: customer.id, pm };
  }

  it('charges a saved card off session: a succeeded intent with its charge', async () => {
    const { customer, pm } = await savedCard('pm_card_visa');
    const pi = await t.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer,
      payment_method: pm,
      off_session: true,
      confirm: true,
      metadata: { topup: 'auto' },
    });
    expect(pi).toMatchObject({
      status: 'succeeded',
      amount_received: 2000,
      amount_details: { tip: {} },
      transfer_data: null,
      latest_charge: expect.stringMatching(/^ch_/) as unknown,
    });
    const charge = await t.stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 2000,
      amount_captured: 2000,
      captured: true,
      paid: true,
      status: 'succeeded',
      payment_intent: pi.id,
      payment_method: pm,
      customer,
      metadata: { topup: 'auto' },
      payment_method_details: { type: 'card', card: { last4: '4242', brand: 'visa' } },
      outcome: { type: 'authorized' },
    });
    const types = t.emulator.emulator.db.events
      .newestFirst()
      .filter((e) => [pi.id, charge.id].includes((e.data.object as { id: string }).id))
      .map((e) => e.type);
    expect(types).toEqual(['payment_intent.succeeded', 'charge.succeeded', 'payment_intent.created']);
    expect((await t.stripe.charges.list({ payment_intent: pi.id })).data.map((c) => c.id)).toEqual([charge.id]);
  });

  it('declines a saved card that attaches but fails every charge: 402, a failed charge, the intent kept', async () => {
    const { customer, pm } = await savedCard('pm_card_chargeCustomerFail');
    const error = await rejectionOf(
      t.stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer, payment_method: pm, off_session: true, confirm: true }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    const failed = (error as Stripe.errors.StripeCardError).payment_intent!;
    expect(failed).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', charge: failed.latest_charge } });
    const charge = await t.stripe.charges.retrieve(failed.latest_charge as string);
    expect(charge).toMatchObject({ status: 'failed', paid: false, captured: false, failure_code: 'card_declined', outcome: { type: 'issuer_declined' } });
    expect(error.raw).toMatchObject({ charge: charge.id });
  });

  it('answers authentication_required for a 3-D Secure card off session, and requires_action on session', async () => {
    const customer = await t.stripe.customers.create({ email: 'sca@example.com' });
    const pm = await t.stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    const error = await rejectionOf(
      t.stripe.paymentIntents.create({ amount: 900, currency: 'eur', customer: customer.id, payment_method: pm.id, off_session: true, confirm: true }),
    );
    expect(error).toMatchObject({ statusCode: 402, code: 'authentication_required', decline_code: 'authentication_required' });
    const failed = (error as Stripe.errors.StripeCardError).payment_intent!;
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error?.payment_method?.id).toBe(pm.id);
    const onSession = await t.stripe.paymentIntents.create({ amount: 900, currency: 'eur', customer: customer.id, payment_method: pm.id, confirm: true });
    expect(onSession).toMatchObject({ status: 'requires_action', latest_charge: null });
  });

  it('searches payment intents by customer, status, amount and metadata', async () => {
    const { customer, pm } = await savedCard('pm_card_mastercard');
    const a = await t.stripe.paymentIntents.create({
      amount: 111,
      currency: 'usd',
      customer,
      payment_method: pm,
      confirm: true,
      off_session: true,
      metadata: { kind: 'topup' },
    });
    const b = await t.stripe.paymentIntents.create({ amount: 222, currency: 'usd', customer, metadata: { kind: 'topup' } });
    const all = await t.stripe.paymentIntents.search({ query: `customer:'${customer}'` });
    expect(all.data.map((x) => x.id)).toEqual([b.id, a.id]);
    expect((await t.stripe.paymentIntents.search({ query: `customer:'${customer}' AND status:'succeeded'` })).data.map((x) => x.id)).toEqual([a.id]);
    expect((await t.stripe.paymentIntents.search({ query: `metadata['kind']:'topup' AND amount>200` })).data.map((x) => x.id)).toEqual([b.id]);
    expect(await rejectionOf(t.stripe.paymentIntents.search({ query: 'nonsense' }))).toMatchObject({ statusCode: 400, param: 'query' });
  });

  it('refuses off_session without confirm, off_session with setup_future_usage, and an expired card, keeping nothing', async () => {
    const { customer, pm } = await savedCard('pm_card_amex');
    const count = t.emulator.emulator.db.paymentIntents.size;
    expect(await rejectionOf(t.stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer, payment_method: pm, off_session: true }))).toMatchObject({
      statusCode: 400,
      param: 'off_session',
    });
    expect(
      await rejectionOf(t.stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer, payment_method: pm, off_session: true, confirm: false })),
    ).toMatchObject({ statusCode: 400, param: 'off_session' });
    expect(
      await rejectionOf(
        t.stripe.paymentIntents.create({
          amount: 100,
          currency: 'usd',
          customer,
          payment_method: pm,
          off_session: true,
          confirm: true,
          setup_future_usage: 'off_session',
        }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'off_session' });
    expect(await rejectionOf(t.stripe.paymentIntents.create({ amount: 100, currency: 'usd', off_session: 'yes', confirm: true }))).toMatchObject({
      code: 'parameter_invalid_boolean',
      param: 'off_session',
    });
    expect(t.emulator.emulator.db.paymentIntents.size).toBe(count);
    const pms = t.emulator.emulator.db.paymentMethods.size;
    const lastYear = await rejectionOf(
      t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2025, cvc: '123' } }),
    );
    expect(lastYear).toMatchObject({ statusCode: 402, type: 'StripeCardError', code: 'invalid_expiry_year', param: 'card[exp_year]' });
    const lastMonth = await rejectionOf(
      t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 10, exp_year: 2026, cvc: '123' } }),
    );
    expect(lastMonth).toMatchObject({ statusCode: 402, code: 'invalid_expiry_month', param: 'card[exp_month]' });
    expect(t.emulator.emulator.db.paymentMethods.size).toBe(pms);
    const thisMonth = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 11, exp_year: 2026, cvc: '123' } });
    expect(thisMonth.card?.exp_month).toBe(11);
  });
});

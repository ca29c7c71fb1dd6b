import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('payment methods, setup intents and payment intents with test cards', () => {
  const t = suiteEmulator();

  it('creates payment methods from raw test numbers and tokens; attaches, lists and detaches', async () => {
    const customer = await t.stripe.customers.create({ email: 'pm@example.com' });
    const raw = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' } });
    expect(raw).toMatchObject({ object: 'payment_method', type: 'card', customer: null, card: { brand: 'visa', last4: '4242', exp_year: 2031 } });
    const attached = await t.stripe.paymentMethods.attach(raw.id, { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    const fromToken = await t.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    expect(fromToken.id).not.toBe('pm_card_mastercard');
    expect(fromToken.card?.brand).toBe('mastercard');
    const listed = await t.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(listed.data.map((pm) => pm.id)).toEqual([fromToken.id, raw.id]);
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: raw.id } });
    const detached = await t.stripe.paymentMethods.detach(raw.id);
    expect(detached.customer).toBeNull();
    const after = await t.stripe.customers.retrieve(customer.id);
    expect(!after.deleted && after.invoice_settings.default_payment_method).toBeNull();
    const types = t.emulator.emulator.db.events.newestFirst().map((e) => e.type);
    expect(types).toContain('payment_method.attached');
    expect(types).toContain('payment_method.detached');
  });

  it('declines 4000000000000002 on attach with decline_code, but attaches 4000000000000341', async () => {
    const customer = await t.stripe.customers.create({ email: 'decline@example.com' });
    const declined = await t.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000002', exp_month: 1, exp_year: 2030 } });
    const error = await rejectionOf(t.stripe.paymentMethods.attach(declined.id, { customer: customer.id }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    expect((await t.stripe.paymentMethods.retrieve(declined.id)).customer).toBeNull();
    const failLater = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(failLater.card?.last4).toBe('0341');
    const badNumber = await rejectionOf(t.stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 1, exp_year: 2030 } }));
    expect(badNumber).toMatchObject({ statusCode: 402, code: 'incorrect_number' });
  });

  it('confirms payment intents with each outcome', async () => {
    const customer = await t.stripe.customers.create({ email: 'pi@example.com' });
    const ok = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(ok).toMatchObject({ status: 'succeeded', amount_received: 2000 });
    const declined = await rejectionOf(
      t.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }),
    );
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'insufficient_funds' });
    const failedIntent = (declined as Stripe.errors.StripeCardError).payment_intent;
    expect(failedIntent?.status).toBe('requires_payment_method');
    const stored = await t.stripe.paymentIntents.retrieve(failedIntent!.id);
    expect(stored.last_payment_error?.decline_code).toBe('insufficient_funds');
    const secure = await t.stripe.paymentIntents.create({ amount: 500, currency: 'eur', payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(secure.status).toBe('requires_action');
    expect(secure.next_action?.type).toBe('use_stripe_sdk');
    const later = await t.stripe.paymentIntents.create({ amount: 700, currency: 'usd' });
    expect(later.status).toBe('requires_payment_method');
    const confirmed = await t.stripe.paymentIntents.confirm(later.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    const canceled = await t.stripe.paymentIntents.cancel((await t.stripe.paymentIntents.create({ amount: 100, currency: 'usd' })).id);
    expect(canceled.status).toBe('canceled');
    expect(await rejectionOf(t.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams))).toMatchObject({
      code: 'parameter_missing',
      param: 'amount',
    });
    expect(await rejectionOf(t.stripe.paymentIntents.retrieve('pi_missing'))).toMatchObject({ statusCode: 404 });
  });

  it('confirms setup intents: success attaches, decline is a 402, 3DS requires action', async () => {
    const customer = await t.stripe.customers.create({ email: 'si@example.com' });
    const ok = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    expect(ok.status).toBe('succeeded');
    const pm = await t.stripe.paymentMethods.retrieve(ok.payment_method as string);
    expect(pm.customer).toBe(customer.id);
    const declined = await rejectionOf(t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }));
    expect(declined).toMatchObject({ statusCode: 402, decline_code: 'generic_decline' });
    const secure = await t.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true });
    expect(secure.status).toBe('requires_action');
    const pending = await t.stripe.setupIntents.create({ customer: customer.id });
    expect(pending.status).toBe('requires_payment_method');
    expect((await t.stripe.setupIntents.confirm(pending.id, { payment_method: 'pm_card_mastercard' })).status).toBe('succeeded');
  });
});

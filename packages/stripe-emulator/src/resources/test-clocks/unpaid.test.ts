import { describe, expect, it } from 'vitest';
import { planPrice } from '../../testing/fixtures.ts';
import { advanceClock, suiteEmulator } from '../../testing/sdk.ts';

const DAY = 86_400;
const START = Math.floor(Date.UTC(2026, 2, 1) / 1000);

describe('afterFinalRetry and invoiceRetryDays options', () => {
  const t = suiteEmulator({ afterFinalRetry: 'unpaid', invoiceRetryDays: [1] });

  it('leaves the subscription unpaid after the only retry fails, and active again once paid', async () => {
    const clock = await t.stripe.testHelpers.testClocks.create({ frozen_time: START });
    const customer = await t.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const visa = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    const price = await planPrice(t.stripe, 'Weekly', 1200, { currency: 'jpy', interval: 'week' });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.items.data[0]!.current_period_end).toBe(START + 7 * DAY);
    const failing = await t.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });

    await advanceClock(t.stripe, clock.id, START + 7 * DAY + 2 * 3600);
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    await advanceClock(t.stripe, clock.id, START + 9 * DAY);
    const unpaid = await t.stripe.subscriptions.retrieve(sub.id);
    expect(unpaid.status).toBe('unpaid');
    const invoice = await t.stripe.invoices.retrieve(unpaid.latest_invoice as string);
    expect(invoice).toMatchObject({ status: 'open', attempt_count: 2, next_payment_attempt: null, amount_due: 1200, currency: 'jpy' });

    const paid = await t.stripe.invoices.pay(invoice.id, { payment_method: visa.id });
    expect(paid.status).toBe('paid');
    expect((await t.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});

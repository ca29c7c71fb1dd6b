import type Stripe from 'stripe';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';

/** A small billing history made through the real SDK against the emulator (test support). */
export async function runSubscriptionScenario(stripe: Stripe, externalId = 'user_1', plan = 'pro') {
  const product = await stripe.products.create({ name: plan, metadata: { tollgate_plan: plan } });
  const monthly = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2900,
    recurring: { interval: 'month' },
    lookup_key: planPriceLookupKey(plan, 'month'),
  });
  const yearly = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 29000,
    recurring: { interval: 'year' },
    lookup_key: planPriceLookupKey(plan, 'year'),
  });
  const customer = await stripe.customers.create({ email: `${externalId}@example.com`, metadata: { tollgate_external_id: externalId } });
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const created = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id, quantity: 2 }] });
  const item = created.items.data[0];
  if (!item) throw new Error('the subscription has no item');
  const upgraded = await stripe.subscriptions.update(created.id, {
    items: [{ id: item.id, price: yearly.id }],
    proration_behavior: 'always_invoice',
  });
  const scheduled = await stripe.subscriptions.update(created.id, { cancel_at_period_end: true });
  return { product, monthly, yearly, customer, pm, created, upgraded, scheduled };
}

export interface PastDueScenarioOptions {
  externalId: string;
  /** The plan subscribed first and the one the failed upgrade moves to (monthly prices). */
  from: { plan: string; amount: number };
  to: { plan: string; amount: number };
  /** The test clock's time at the start (unix seconds); every event the scenario makes carries the clock's time. */
  frozenTime: number;
  /** Seconds the clock advances between the paid start and the failure (default 0). */
  failAfter?: number;
}

/**
 * A subscription that goes past_due in the middle of its period (test
 * support): paid by card on a test clock, then the customer's card starts
 * failing and a prorated upgrade invoiced at once cannot be collected. Made
 * through the real SDK against the emulator.
 */
export async function runPastDueScenario(stripe: Stripe, options: PastDueScenarioOptions) {
  const { externalId, frozenTime, failAfter = 0 } = options;
  const monthly = async ({ plan, amount }: { plan: string; amount: number }) => {
    const product = await stripe.products.create({ name: plan, metadata: { tollgate_plan: plan } });
    return stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: amount,
      recurring: { interval: 'month' },
      lookup_key: planPriceLookupKey(plan, 'month'),
    });
  };
  const from = await monthly(options.from);
  const to = await monthly(options.to);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozenTime });
  const customer = await stripe.customers.create({
    email: `${externalId}@example.com`,
    metadata: { tollgate_external_id: externalId },
    test_clock: clock.id,
  });
  const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
  const created = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: from.id }] });
  const item = created.items.data[0];
  if (!item) throw new Error('the subscription has no item');
  if (failAfter > 0) await advanceTestClock(stripe, clock.id, frozenTime + failAfter);
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await stripe.subscriptions.update(created.id, { default_payment_method: failing.id });
  const pastDue = await stripe.subscriptions.update(created.id, {
    items: [{ id: item.id, price: to.id }],
    proration_behavior: 'always_invoice',
  });
  if (pastDue.status !== 'past_due') throw new Error(`the failed upgrade left the subscription ${pastDue.status}`);
  return { clock, customer, visa, failing, from, to, created, pastDue, failedAt: frozenTime + failAfter };
}

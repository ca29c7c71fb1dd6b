import type Stripe from 'stripe';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';

/** A recurring price of `plan`'s product at `unitAmount` a month or a year, under its lookup key. */
function planPrice(stripe: Stripe, product: Stripe.Product, plan: string, interval: 'month' | 'year', unitAmount: number) {
  return stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: unitAmount,
    recurring: { interval },
    lookup_key: planPriceLookupKey(plan, interval),
  });
}

/** A product for `plan` (named `name`, by default the plan's key) and its monthly price at `amount`, under the plan's lookup key. */
export async function monthlyPlanPrice(stripe: Stripe, { plan, amount, name = plan }: { plan: string; amount: number; name?: string }) {
  const product = await stripe.products.create({ name, metadata: { tollgate_plan: plan } });
  return { product, price: await planPrice(stripe, product, plan, 'month', amount) };
}

/** A small billing history made through the real SDK against the emulator (test support). */
export async function runSubscriptionScenario(stripe: Stripe, externalId = 'user_1', plan = 'pro') {
  const product = await stripe.products.create({ name: plan, metadata: { tollgate_plan: plan } });
  const monthly = await planPrice(stripe, product, plan, 'month', 2900);
  const yearly = await planPrice(stripe, product, plan, 'year', 29000);
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
  const { price: from } = await monthlyPlanPrice(stripe, options.from);
  const { price: to } = await monthlyPlanPrice(stripe, options.to);
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

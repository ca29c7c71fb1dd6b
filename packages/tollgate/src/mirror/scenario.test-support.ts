import type Stripe from 'stripe';
import { planPriceLookupKey } from '../config/stripe-keys.ts';

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

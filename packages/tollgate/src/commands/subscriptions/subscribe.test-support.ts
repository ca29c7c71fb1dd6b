import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { unwrap } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';

/**
 * Subscribes the app's customer `externalId` to a plan's monthly price in the
 * emulator (card 4242 as the subscription's default; `seats` as its quantity)
 * and mirrors the subscription, as a finished Checkout's webhooks would.
 */
export async function subscribe(deps: TestDeps, externalId: string, plan: string, options: { seats?: number; email?: string } = {}) {
  const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId, ...(options.email === undefined ? {} : { email: options.email }) }));
  const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
  const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey(plan, 'month')] })).data;
  const sub = await deps.stripe.subscriptions.create({
    customer: customer.stripeCustomerId,
    items: [{ price: price?.id ?? '', ...(options.seats === undefined ? {} : { quantity: options.seats }) }],
    default_payment_method: pm.id,
  });
  await applyStripeObject(deps, sub);
  return { customer, sub };
}

import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { unwrap } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import type { TestDeps } from '../../testing/deps.ts';

/** A customer with a card saved in Stripe as the default, mirrored. */
export async function withSavedCard(deps: TestDeps, externalId: string, token: string): Promise<string> {
  const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId }));
  const pm = await deps.stripe.paymentMethods.attach(token, { customer: customer.stripeCustomerId });
  const updated = await deps.stripe.customers.update(customer.stripeCustomerId, { invoice_settings: { default_payment_method: pm.id } });
  await applyStripeObject(deps, updated);
  await applyStripeObject(deps, await deps.stripe.paymentMethods.retrieve(pm.id));
  return customer.stripeCustomerId;
}

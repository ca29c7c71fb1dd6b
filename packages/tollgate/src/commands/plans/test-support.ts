import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { unwrap } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import type { TestDeps } from '../../testing/deps.ts';

const features = { messages: { type: 'metered', name: 'Messages', reset: 'billing_period' } } as const;

/** Pro at $15 with 1,000 messages: version 1 of the plan. */
export const v1Config: TollgateConfig = {
  features,
  plans: {
    free: { name: 'Free', default: true, features: { messages: 50 } },
    pro: { name: 'Pro', version: 1, prices: { monthly: 1500 }, features: { messages: 1000 } },
  },
};

/** The price change: Pro is $20 with 5,000 messages from version 2; version 1 is kept for its subscribers. */
export const v2Config: TollgateConfig = {
  features,
  plans: {
    free: { name: 'Free', default: true, features: { messages: 50 } },
    pro: {
      name: 'Pro',
      version: 2,
      prices: { monthly: 2000 },
      features: { messages: 5000 },
      versions: { '1': { prices: { monthly: 1500 }, features: { messages: 1000 } } },
    },
  },
};

export function withConfig<T extends TestDeps>(deps: T, raw: TollgateConfig): T {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return { ...deps, config: result.value };
}

/** A paying subscriber on a version's monthly price, made through the SDK and mirrored. */
export async function subscribeAt(deps: TestDeps, externalId: string, version: number, options: { card?: string; testClock?: string } = {}) {
  const { customer } = unwrap(
    await getOrCreateCustomer(deps, { externalId, email: `${externalId}@example.com`, ...(options.testClock ? { testClock: options.testClock } : {}) }),
  );
  const pm = await deps.stripe.paymentMethods.attach(options.card ?? 'pm_card_visa', { customer: customer.stripeCustomerId });
  const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month', version)] })).data;
  if (!price) throw new Error(`no pro v${version} price in Stripe`);
  const sub = await deps.stripe.subscriptions.create({ customer: customer.stripeCustomerId, items: [{ price: price.id }], default_payment_method: pm.id });
  await applyStripeObject(deps, sub);
  return sub;
}

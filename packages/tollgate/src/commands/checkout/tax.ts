import type Stripe from 'stripe';
import type { TollgateConfig } from '../../core/config/types.ts';

/**
 * The Checkout parameters for the config's `tax`: Stripe Tax on the
 * session and the subscription it creates, the billing address required
 * and saved to the customer (a returning customer's too), and tax ids
 * collected (saving the business name with them). Empty without `tax`.
 */
export function taxParams(config: Pick<TollgateConfig, 'tax'>): Partial<Stripe.Checkout.SessionCreateParams> {
  if (!config.tax?.automatic) return {};
  const taxIds = config.tax.collectTaxIds ?? true;
  return {
    automatic_tax: { enabled: true },
    billing_address_collection: 'required',
    customer_update: { address: 'auto', ...(taxIds ? { name: 'auto' as const } : {}) },
    ...(taxIds ? { tax_id_collection: { enabled: true } } : {}),
  };
}
